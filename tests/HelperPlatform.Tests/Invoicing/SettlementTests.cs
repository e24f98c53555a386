using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Temporalio.Api.Enums.V1;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Managers settle an invoice in dunning or overdue outside Golden Hat, through the invoice's workflow, against the
/// Golden Hat simulator over HTTP: paid by bank transfer (to <c>CashAtBank</c>) or written off (to <c>BadDebts</c>),
/// once however often asked, never beside a charge that could succeed too, and the workflow ends.
/// </summary>
public sealed class SettlementTests(SettlementPlatformFixture fixture) : IClassFixture<SettlementPlatformFixture>
{
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task OverdueInvoiceWhoseNewCardsAreUsedUp_IsPaidOutsideGoldenHat_OnceBooked_AndTheWorkflowEnds()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var workflowId = InvoiceWorkflow.WorkflowId(orderId);
        var declines = 0;
        foreach (var wait in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7) })
        {
            await flow.WaitForDeclineNoticesAsync(client, orderId, ++declines);
            await fixture.Host.SkipPastTimerAsync(workflowId, wait);
        }

        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Overdue, "overdue");
        using (var card = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.ExpiredCard }))
        {
            Assert.Equal(HttpStatusCode.NoContent, card.StatusCode);
        }

        // The one new card an overdue invoice takes here was declined: managers are told it takes no more.
        await flow.NotificationSubjectsAsync(OrderNotifications.Managers, orderId, atLeast: 2);
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var payment = new { kind = "PaidOutsideGoldenHat", amount = invoice.Due, reference = "Bank transfer #4711", paidOn = today };
        var key = Guid.NewGuid().ToString();

        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, payment with { amount = invoice.Due - 0.01m }), HttpStatusCode.BadRequest, "amount");
        var settled = await SettledAsync(await SettleAsync(manager, invoice.Id, payment, key));
        var again = await SettledAsync(await SettleAsync(manager, invoice.Id, payment, key));
        var reused = await AssertProblemAsync(await SettleAsync(manager, invoice.Id, payment with { reference = "Another transfer" }, key), HttpStatusCode.UnprocessableEntity, "reference");
        using var second = await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = "Twice." });
        using var cardAfter = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.Succeeds });
        var history = await (await WorkflowReplay.CreateAsync(fixture.Host)).ClosedHistoryAsync(workflowId);

        Assert.Equal(settled, again);
        Assert.Equal((SettlementKind.PaidOutsideGoldenHat, invoice.Due, "Bank transfer #4711", today), (settled.Kind, settled.Amount, settled.Reference, settled.PaidOn));
        Assert.NotNull(settled.SettledBy);
        Assert.Contains("Idempotency-Key", reused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cardAfter.StatusCode);
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        await (await WorkflowReplay.CreateAsync(fixture.Host)).AssertReplaysAsync(history);
        // Four scheduled attempts and the one new card: nothing was charged after the settlement.
        Assert.Equal(5, fixture.Simulator.Book.ChargesFor(workflowId).Count);
        Assert.DoesNotContain(fixture.Simulator.Book.ChargesFor(workflowId), charge => charge.Answer().Status == PaymentStatuses.Succeeded);
        Assert.Equal(invoice.Due, await flow.PostedAsync(invoice.Id, LedgerAccount.CashAtBank));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        Assert.Equal(1, await flow.InvoicingEventsAsync(orderId, InvoicingEvents.InvoicePaidOutsideGoldenHat));
        Assert.Contains($"Invoice {invoice.Number} is paid", await flow.NotificationSubjectsAsync(client.Id, orderId, atLeast: 6));

        // The client sees how it was settled, not who settled it.
        using var asClient = JsonDocument.Parse(await client.Http.GetStringAsync(new Uri($"/api/invoices/{invoice.Id}", UriKind.Relative)));
        var seen = asClient.RootElement.GetProperty("settlement");
        Assert.Equal(nameof(InvoiceStatus.PaidOutsideGoldenHat), asClient.RootElement.GetProperty("status").GetString());
        Assert.Equal("Bank transfer #4711", seen.GetProperty("reference").GetString());
        Assert.False(seen.TryGetProperty("settledBy", out _), seen.ToString());
        using var document = UglyToad.PdfPig.PdfDocument.Open(await client.Http.GetByteArrayAsync(new Uri($"/api/invoices/{invoice.Id}/pdf", UriKind.Relative)));
        Assert.Contains("Paid outside Golden Hat", string.Join(" ", document.GetPages().SelectMany(page => page.GetWords()).Select(word => word.Text)), StringComparison.Ordinal);
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task InvoiceInDunning_IsWrittenOff_ItsRetryTimerEnds_AndNothingIsChargedAgain()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var workflowId = InvoiceWorkflow.WorkflowId(orderId);
        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");
        // The retry's timer runs: the write-off must end the wait on it.
        await flow.WaitForDeclineNoticesAsync(client, orderId, 1);
        await fixture.Host.WaitForTimerAsync(workflowId, TimeSpan.FromDays(1));
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = " " }), HttpStatusCode.BadRequest, "reason");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = "Gone.", amount = invoice.Due }), HttpStatusCode.BadRequest, "amount");
        var settled = await SettledAsync(await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = "The client's company was dissolved." }));
        var history = await (await WorkflowReplay.CreateAsync(fixture.Host)).ClosedHistoryAsync(workflowId);
        var closed = await flow.WaitForInvoiceAsync(orderId, _ => true, "read");

        Assert.Equal((SettlementKind.WrittenOff, invoice.Due, "The client's company was dissolved."), (settled.Kind, settled.Amount, settled.Reason));
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(InvoiceStatus.WrittenOff, closed.Status);
        Assert.Equal(settled, closed.Settlement);
        Assert.Single(fixture.Simulator.Book.ChargesFor(workflowId));
        Assert.Equal(invoice.Due, await flow.PostedAsync(invoice.Id, LedgerAccount.BadDebts));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        Assert.Equal(1, await flow.InvoicingEventsAsync(orderId, InvoicingEvents.InvoiceWrittenOff));
        Assert.Contains($"Invoice {invoice.Number} is closed", await flow.NotificationSubjectsAsync(client.Id, orderId, atLeast: 2));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task InvoiceBeingChargedToANewCard_RefusesASettlement_AndIsPaidByTheCharge()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: true));
        string refused;
        try
        {
            using var card = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.Succeeds });
            Assert.Equal(HttpStatusCode.NoContent, card.StatusCode);
            using var settle = await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = "While the card is charged." });
            Assert.Equal(HttpStatusCode.Conflict, settle.StatusCode);
            refused = await settle.Content.ReadAsStringAsync();
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: false));
        }

        var paid = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");
        using var afterPaid = await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = "After the charge." });

        Assert.Contains("being charged", refused, StringComparison.Ordinal);
        Assert.Null(paid.Settlement);
        Assert.Equal(HttpStatusCode.Conflict, afterPaid.StatusCode);
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.BadDebts));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task SettlementRequests_AreValidated_AndOnlyManagersSettle()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);

        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { amount = invoice.Due }), HttpStatusCode.BadRequest, "kind");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "Forgiven" }), HttpStatusCode.BadRequest, "kind");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "PaidOutsideGoldenHat", amount = invoice.Due, paidOn = tomorrow.AddDays(-1) }), HttpStatusCode.BadRequest, "reference");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "PaidOutsideGoldenHat", amount = invoice.Due, reference = "Cash", paidOn = tomorrow }), HttpStatusCode.BadRequest, "paidOn");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "PaidOutsideGoldenHat", amount = invoice.Due, reference = "Cash", paidOn = new DateOnly(2020, 1, 1) }), HttpStatusCode.BadRequest, "paidOn");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "PaidOutsideGoldenHat", amount = 1.005m, reference = "Cash", paidOn = tomorrow.AddDays(-1) }), HttpStatusCode.BadRequest, "amount");
        await AssertProblemAsync(await SettleAsync(manager, invoice.Id, new { kind = "WrittenOff", reason = "No key." }, key: ""), HttpStatusCode.BadRequest, "Idempotency-Key");
        using var missing = await SettleAsync(manager, Guid.NewGuid(), new { kind = "WrittenOff", reason = "No such invoice." });
        using var byClient = await SettleAsync(client.Http, invoice.Id, new { kind = "WrittenOff", reason = "My own write-off." });
        using var byOps = await SettleAsync(ops, invoice.Id, new { kind = "WrittenOff", reason = "Ops." });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOps.StatusCode);
        var unchanged = await flow.WaitForInvoiceAsync(orderId, _ => true, "read");
        Assert.Equal((InvoiceStatus.Dunning, null), (unchanged.Status, unchanged.Settlement));
        client.Dispose();
    }

    private static async Task<HttpResponseMessage> SettleAsync(HttpClient http, Guid invoiceId, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{invoiceId}/settlement") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }

    private static async Task<SettlementResponse> SettledAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<SettlementResponse>())!;
        }
    }

    /// <summary>Asserts a problem naming <paramref name="field"/> in its errors, and answers what it says of it.</summary>
    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        using (response)
        {
            return await DiscountApi.ProblemAboutAsync(response, status, field);
        }
    }
}

/// <summary>Golden Hat over HTTP, with an overdue invoice taking one new payment method before it refuses more.</summary>
public sealed class SettlementPlatformFixture() : GoldenHatPlatformFixture("Invoicing:OverdueChargeAttempts=1");
