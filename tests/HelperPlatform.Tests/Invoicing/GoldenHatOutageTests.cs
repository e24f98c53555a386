using HelperPlatform.GoldenHat;
using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Golden Hat failing, timing out or down: the invoice waits (its activity retries with the same idempotency key)
/// and settles after recovery, charged exactly once as the simulator's book counts. A host of its own, whose
/// circuit breaker these outages open, so other tests never meet it open.
/// </summary>
public sealed class GoldenHatOutageTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    /// <summary>Golden Hat's circuit breaker stays open 15 s and the activity's retries back off, so recovery takes a while.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(90);

    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task GoldenHatFailingAndTimingOut_ThenRecovering_ChargesExactlyOnce()
    {
        // Stored but never answered twice (the client gives up and sends the same key again), then 500s.
        var (client, orderId) = await flow.CompleteOrderAsync(
            TestTokens.Succeeds, registered: () => fixture.Simulator.Behaviour.Apply(new BehaviourChange(TimeOutNextRequests: 2, FailNextRequests: 3)));

        await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid", RecoveryLimit);

        Assert.Single(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId)));
        Assert.Equal(1, await flow.InvoicingEventsAsync(orderId, InvoicingEvents.MoneyCharged));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task GoldenHatDown_TheInvoiceWaits_AndSettlesOnceAfterRecovery()
    {
        try
        {
            var (client, orderId) = await flow.CompleteOrderAsync(
                TestTokens.Succeeds, registered: () => fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.Unavailable)));
            var issued = await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var waiting = await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");
            Assert.Empty(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId)));
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.None));

            var paid = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid", RecoveryLimit);

            Assert.Equal(InvoiceStatus.Issued, waiting.Status);
            Assert.Equal(issued.Number, paid.Number);
            Assert.Single(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId)));
            client.Dispose();
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.None));
        }
    }
}
