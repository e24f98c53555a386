using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.GoldenHat;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Invoices charged through the Golden Hat simulator over HTTP: once however Golden Hat misbehaves (counted in the
/// simulator's book), only on its word (webhook, or a read when the webhook does not come), with dunning on
/// declines, and a failed quality check credited before the charge.
/// </summary>
public sealed class ChargingTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task CompletedOrder_IsInvoicedAndChargedOnce_AndTheLedgerBooksGoldenHatsFee()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds);

        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");

        var charge = Assert.Single(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId)));
        Assert.Equal(charge.Id, invoice.ChargeId);
        var settled = await fixture.RunAsync(payments => payments.GetChargeAsync(charge.Id));
        Assert.Equal((PaymentStatus.Succeeded, invoice.Total), (settled.Status, settled.Amount));
        Assert.Equal(settled.Fee, await flow.PostedAsync(invoice.Id, LedgerAccount.ProcessorFees));
        Assert.Equal(invoice.Total - settled.Fee, await flow.PostedAsync(invoice.Id, LedgerAccount.CashAtGoldenHat));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        Assert.Equal(1, await flow.InvoicingEventsAsync(orderId, InvoicingEvents.MoneyCharged));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task DeclinedCharge_StartsDunning_AndANewPaymentMethodPaysAtOnce()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");

        using var replaced = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.Succeeds });
        await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");
        using var afterPaid = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.Succeeds });

        Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, afterPaid.StatusCode);
        Assert.Equal(
            [TestTokens.InsufficientFunds, TestTokens.Succeeds],
            fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId)).Select(charge => charge.Method.Token));
        Assert.Contains($"We could not charge invoice {invoice.Number}", await flow.NotificationSubjectsAsync(client.Id, orderId, atLeast: 1));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task OverdueInvoice_IsChargedToAtMostThreeNewPaymentMethods_ThenRefusesMore_AndManagersAreTold()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var workflowId = InvoiceWorkflow.WorkflowId(orderId);
        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");
        var declines = 0;
        foreach (var wait in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7) })
        {
            await flow.WaitForDeclineNoticesAsync(client, orderId, ++declines);
            await fixture.Host.SkipPastTimerAsync(workflowId, wait);
        }

        await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Overdue, "overdue");
        // Each new card is charged before the next is given, so no card replaces one not charged yet.
        for (var card = 1; card <= 3; card++)
        {
            using var given = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.ExpiredCard });
            Assert.Equal(HttpStatusCode.NoContent, given.StatusCode);
            await WaitForDecidedChargesAsync(workflowId, 4 + card);
        }

        using var fourth = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.Succeeds });
        var toManagers = await flow.NotificationSubjectsAsync(OrderNotifications.Managers, orderId, atLeast: 2);

        Assert.Equal(HttpStatusCode.Conflict, fourth.StatusCode);
        Assert.Contains("3 new payment methods", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(7, fixture.Simulator.Book.ChargesFor(workflowId).Count);
        Assert.DoesNotContain(fixture.Simulator.Book.ChargesFor(workflowId), charge => charge.Method.Token == TestTokens.Succeeds);
        Assert.Equal([$"Invoice {invoice.Number} is overdue", $"Invoice {invoice.Number}: new payment methods used up"], toManagers);
        Assert.Contains($"Invoice {invoice.Number} cannot be charged online", await flow.NotificationSubjectsAsync(client.Id, orderId, atLeast: 5));
        Assert.Equal(InvoiceStatus.Overdue, (await flow.WaitForInvoiceAsync(orderId, _ => true, "read")).Status);
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task CardDecliningTwice_IsRetriedOnTheDunningSchedule_UntilPaid()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.DeclinesTwiceThenSucceeds);
        var workflowId = InvoiceWorkflow.WorkflowId(orderId);

        await flow.WaitForDeclineNoticesAsync(client, orderId, 1);
        await fixture.Host.SkipPastTimerAsync(workflowId, TimeSpan.FromDays(1));
        await flow.WaitForDeclineNoticesAsync(client, orderId, 2);
        await fixture.Host.SkipPastTimerAsync(workflowId, TimeSpan.FromDays(3));
        await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");

        Assert.Equal(3, fixture.Simulator.Book.ChargesFor(workflowId).Count);
        client.Dispose();
    }

    [Fact]
    public async Task WebhooksNeverComing_TheChargeCountsOnAReadAfterTheConfirmationWait()
    {
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: true));
        try
        {
            var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds);
            var workflowId = InvoiceWorkflow.WorkflowId(orderId);
            await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");
            // The read after the wait must find the charge decided, or the workflow waits another (real) minute.
            await WaitForDecidedChargeAsync(workflowId);

            await fixture.Host.SkipPastTimerAsync(workflowId, TimeSpan.FromMinutes(1));
            var paid = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");

            Assert.Equal(Assert.Single(fixture.Simulator.Book.ChargesFor(workflowId)).Id, paid.ChargeId);
            client.Dispose();
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: false));
        }
    }

    [Fact]
    public async Task FailedQualityCheck_IsCreditedBeforeTheCharge_WhichTakesOnlyTheRest()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds, qualityPassed: false, refundPercent: 50);

        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");

        var creditNote = Assert.Single(invoice.CreditNotes);
        Assert.Equal(Workflows.Platform.Money.Round(invoice.Total / 2, "EUR", MidpointRounding.AwayFromZero), creditNote.Amount);
        Assert.Matches(@"^CN-\d{4}-\d{6}$", creditNote.Number);
        Assert.Equal(invoice.Total - creditNote.Amount, invoice.Due);
        var charge = Assert.Single(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId))).Answer();
        Assert.Equal((PaymentStatuses.Succeeded, invoice.Due), (charge.Status, charge.Amount));
        Assert.DoesNotContain(fixture.Simulator.Book.Refunds, refund => refund.Charge.Reference == InvoiceWorkflow.WorkflowId(orderId));
        Assert.Equal(creditNote.Amount, await flow.PostedAsync(invoice.Id, LedgerAccount.Refunds));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        await flow.AssertLedgerConsistentAsync();
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);
        var history = await replay.ClosedHistoryAsync(InvoiceWorkflow.WorkflowId(orderId));
        await replay.AssertReplaysAsync(history);
        Assert.Equal(["GetQuotePrice", "Charge"], WorkflowReplay.Activities(history).Where(type => type is not "SendNotification"));
        client.Dispose();
    }

    [Fact]
    public async Task FailedQualityCheck_CreditingTheWholeInvoice_ChargesNothing()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds, qualityPassed: false, refundPercent: 100);

        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Credited, "credited");

        Assert.Equal((invoice.Total, 0m), (Assert.Single(invoice.CreditNotes).Amount, invoice.Due));
        Assert.Null(invoice.ChargeId);
        Assert.Empty(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId)));
        Assert.Equal(invoice.Total, await flow.PostedAsync(invoice.Id, LedgerAccount.Refunds));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.CashAtGoldenHat));
        Assert.Equal(1, await flow.InvoicingEventsAsync(orderId, InvoicingEvents.InvoiceCredited));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task FailedQualityCheck_OnAnInvoiceInDunning_IsCreditedAtOnce_AndOnlyTheRestIsAskedFor()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds, qualityPassed: false, refundPercent: 40);

        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "in dunning");

        var creditNote = Assert.Single(invoice.CreditNotes);
        Assert.Equal(Workflows.Platform.Money.Round(invoice.Total * 0.4m, "EUR", MidpointRounding.AwayFromZero), creditNote.Amount);
        var declined = Assert.Single(fixture.Simulator.Book.ChargesFor(InvoiceWorkflow.WorkflowId(orderId))).Answer();
        Assert.Equal((PaymentStatuses.Failed, invoice.Due), (declined.Status, declined.Amount));
        // The client owes the rest, and only the rest.
        Assert.Equal(invoice.Due, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        // The order's own notice of the failed check, then the decline's.
        Assert.Contains(await flow.NotificationSubjectsAsync(client.Id, orderId, 2), subject => subject.StartsWith("We could not charge invoice", StringComparison.Ordinal));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    private async Task WaitForDecidedChargesAsync(string reference, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (fixture.Simulator.Book.ChargesFor(reference) is var charges && (charges.Count < count || charges.Any(charge => charge.Answer().Status == PaymentStatuses.Pending)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{reference} has {charges.Count} of {count} charges decided.");
            await Task.Delay(50);
        }
    }

    private async Task WaitForDecidedChargeAsync(string reference)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!fixture.Simulator.Book.ChargesFor(reference).Any(charge => charge.Answer().Status != PaymentStatuses.Pending))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{reference} was never charged, or its charge never decided.");
            await Task.Delay(50);
        }
    }
}
