using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using static HelperPlatform.Tests.Invoicing.WorkerCreditTests;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>A host that issues workers' statements on the schedule.</summary>
public sealed class StatementScheduleFixture() : ConfiguredHostFixture("Invoicing:StatementsOnSchedule=true", "Contractor:EmbeddedDeliveryDelay=00:00:00.200");

/// <summary>
/// The weekly statements (*Worker invoiced*) on their durable schedule, with time skipped to the period's end: a
/// numbered statement whose total is the worker's ledger balance, as JSON and PDF, then its payout, paid; a completed
/// order's earning is one of its lines.
/// </summary>
public sealed class WorkerStatementTests(StatementScheduleFixture fixture) : IClassFixture<StatementScheduleFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task AtThePeriodsEnd_AStatementMatchingTheLedger_IsIssued_AndPaidOut()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        using var otherWorker = await flow.SignInAsync(PlatformRoles.Worker);
        await WaitForCreditAsync(worker, await CreditAsync(manager, worker.Id, 25.00m, "Bonus for the December rush."), WorkerCreditStatus.Posted);
        await WaitForCreditAsync(worker, await CreditAsync(manager, worker.Id, -5.00m, "Double-counted hour."), WorkerCreditStatus.Posted);
        using (var registered = await worker.Http.PutAsJsonAsync("/api/workers/me/payout-destination", new { token = TestTokens.DestinationPays }))
        {
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }

        var owedBefore = (await worker.Http.GetFromJsonAsync<WorkerMoneyResponse>("/api/workers/me/money"))!.Balances;
        var firstRun = (await DescribeScheduleAsync()).RunId;
        await fixture.Host.SkipPastTimerAsync(WorkerStatementScheduleWorkflow.Id, TimeSpan.FromDays(7));
        var statement = await WaitForStatementAsync(worker, "/api/workers/me/statements");
        var paid = await WaitForPayoutAsync(worker, statement.Id);
        var money = (await worker.Http.GetFromJsonAsync<WorkerMoneyResponse>("/api/workers/me/money"))!;
        using var pdf = await worker.Http.GetAsync($"/api/worker-statements/{statement.Id}/pdf");
        using var snooping = await otherWorker.Http.GetAsync($"/api/worker-statements/{statement.Id}");
        var asManager = await manager.Http.GetFromJsonAsync<List<WorkerStatementResponse>>($"/api/workers/{worker.Id}/statements");
        var next = await DescribeScheduleAsync();

        Assert.Equal([new WorkerBalanceResponse("EUR", 20.00m)], owedBefore);
        Assert.Matches(@"^WS-\d{4}-\d{6}$", statement.Number);
        Assert.Equal(("EUR", 0m, 20.00m), (statement.Currency, statement.BroughtForward, statement.Total));
        Assert.Equal([(WorkerStatementLineKind.Credit, 25.00m), (WorkerStatementLineKind.Correction, -5.00m)], statement.Lines.Select(line => (line.Kind, line.Amount)));
        Assert.Equal(statement.PeriodEnd - TimeSpan.FromDays(7), statement.PeriodStart);
        Assert.Equal(WorkerPayoutStatus.Paid, paid);
        Assert.Equal([new WorkerBalanceResponse("EUR", 0m)], money.Balances);
        Assert.Equal(($"Statement {statement.Number}", 20.00m), (money.Payouts.Single().Description, money.Payouts.Single().Amount));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, snooping.StatusCode);
        Assert.Equal(statement.Id, Assert.Single(asManager!).Id);
        Assert.Equal(1, await flow.WithAsync<InvoicingDbContext, int>(db => db.Events.CountAsync(recorded => recorded.StreamId == InvoicingEvents.WorkerStream(worker.Id) && recorded.Type == InvoicingEvents.WorkerInvoiced)));
        // The schedule continued as new, with the next period's timer.
        Assert.Equal(WorkflowExecutionStatus.Running, next.Status);
        Assert.NotEqual(firstRun, next.RunId);
    }

    [Fact]
    public async Task ACompletedOrdersEarning_IsALineOfTheWorkersStatement()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        var (client, orderId) = await new InvoicingFlow(fixture.Host).CompleteOrderAsync(TestTokens.Succeeds);
        client.Dispose();
        var workerId = await WaitForEarningAsync(flow, orderId);

        await fixture.Host.SkipPastTimerAsync(WorkerStatementScheduleWorkflow.Id, TimeSpan.FromDays(7));
        var statement = await WaitForStatementAsync(manager, $"/api/workers/{workerId}/statements");

        var line = Assert.Single(statement.Lines);
        Assert.Equal((WorkerStatementLineKind.Earning, orderId, 30.00m), (line.Kind, line.SourceId, line.Amount));
        Assert.Equal((0m, 30.00m), (statement.BroughtForward, statement.Total));
        await new InvoicingFlow(fixture.Host).AssertLedgerConsistentAsync();
    }

    /// <summary>Polls until the order's earning is recorded; answers its worker.</summary>
    internal static async Task<string> WaitForEarningAsync(OrderFlow flow, Guid orderId)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            if (await flow.WithAsync<InvoicingDbContext, string?>(db => db.Earnings.Where(earning => earning.OrderId == orderId).Select(earning => earning.WorkerId).SingleOrDefaultAsync()) is { } workerId)
            {
                return workerId;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Order {orderId} never earned its worker anything.");
            await Task.Delay(50);
        }
    }

    private async Task<WorkflowExecutionDescription> DescribeScheduleAsync()
    {
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        return await temporal.GetWorkflowHandle(WorkerStatementScheduleWorkflow.Id).DescribeAsync();
    }

    /// <summary>
    /// The statement's payout once it has ended (paid or cancelled): the statement is stored before its payout starts,
    /// so the payout is waited for as the worker sees it.
    /// </summary>
    private static async Task<WorkerPayoutStatus> WaitForPayoutAsync(Party worker, Guid statementId)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var money = (await worker.Http.GetFromJsonAsync<WorkerMoneyResponse>("/api/workers/me/money"))!;
            var payout = money.Payouts.SingleOrDefault(payout => payout.Id == statementId);
            if (payout is { Status: WorkerPayoutStatus.Paid or WorkerPayoutStatus.Cancelled })
            {
                return payout.Status;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The statement's payout did not end; it is {payout?.Status.ToString() ?? "not started"}.");
            await Task.Delay(50);
        }
    }

    private static async Task<WorkerStatementResponse> WaitForStatementAsync(Party reader, string path)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var statements = (await reader.Http.GetFromJsonAsync<List<WorkerStatementResponse>>(path))!;
            if (statements.Count > 0)
            {
                return Assert.Single(statements);
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "No statement was issued.");
            await Task.Delay(50);
        }
    }
}
