using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using Temporalio.Client;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>A stand-in for the invoice workflow: collects the payment outcomes the webhook intake signals until enough are decided.</summary>
[Workflow]
public sealed class PaymentWaitingWorkflow
{
    private readonly List<PaymentOutcome> received = [];

    /// <summary>How many outcomes arrived so far, for tests to prove that nothing did.</summary>
    [WorkflowQuery]
    public int Received => received.Count;

    [WorkflowRun]
    public async Task<List<PaymentOutcome>> RunAsync(int decisions)
    {
        await Workflow.WaitConditionAsync(() => received.Count(outcome => outcome.Status != PaymentStatus.Pending) >= decisions);
        return received;
    }

    [WorkflowSignal(PaymentSignal.Name)]
    public Task ReceiveAsync(PaymentOutcome outcome)
    {
        received.Add(outcome);
        return Task.CompletedTask;
    }
}

/// <summary>Runs a <see cref="PaymentWaitingWorkflow"/> on a test worker against a host's Temporal, with a fresh reference as its id.</summary>
public static class PaymentWaiting
{
    /// <summary>Lets <paramref name="pay"/> pay for a fresh reference and returns what its waiting workflow received.</summary>
    public static async Task<List<PaymentOutcome>> OutcomesAsync(PlatformHost host, int decisions, Func<string, Task> pay)
    {
        ArgumentNullException.ThrowIfNull(pay);
        List<PaymentOutcome> outcomes = [];
        await WithWorkflowAsync(host, decisions, async (reference, handle) =>
        {
            await pay(reference);
            outcomes = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(20));
        });
        return outcomes;
    }

    public static async Task WithWorkflowAsync(PlatformHost host, int decisions, Func<string, WorkflowHandle<PaymentWaitingWorkflow, List<PaymentOutcome>>, Task> test)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(test);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address));
        var queue = $"payments-{Guid.NewGuid():N}";
        var reference = $"invoice-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<PaymentWaitingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((PaymentWaitingWorkflow workflow) => workflow.RunAsync(decisions), new WorkflowOptions(reference, queue));
            try
            {
                await test(reference, handle);
            }
            finally
            {
                // A workflow that got what it waited for has completed already; terminating it then fails harmlessly.
                await client.GetWorkflowHandle(reference).TerminateAsync("the test is over").ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
    }
}
