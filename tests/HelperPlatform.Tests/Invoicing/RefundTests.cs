using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Managers' refunds of paid invoices, through the Golden Hat simulator over HTTP with 19 % tax: once however often
/// asked or however Golden Hat misbehaves (counted in the simulator's book), booked only on Golden Hat's word, never
/// beyond what was charged; and a credit note's share of the invoice's tax.
/// </summary>
public sealed class RefundTests(TaxedGoldenHatPlatformFixture fixture) : IClassFixture<TaxedGoldenHatPlatformFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task PaidInvoice_RefundedInPartThenInFull_GetsTwoCreditNotesGivingBackAllItsTax()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var part = decimal.Round(invoice.Total / 3, 2, MidpointRounding.ToZero);

        var first = await AcceptedAsync(await RefundAsync(manager, invoice.Id, part, "Goodwill: the worker came late."));
        var afterFirst = await WaitForRefundAsync(invoice.Id, first.RefundId, RefundStatus.Refunded);
        var second = await AcceptedAsync(await RefundAsync(manager, invoice.Id, invoice.Total - part, "The client complained after the fact."));
        var refunded = await WaitForRefundAsync(invoice.Id, second.RefundId, RefundStatus.Refunded);
        using var beyond = await RefundAsync(manager, invoice.Id, 0.01m, "Once more.");

        var notes = refunded.CreditNotes;
        Assert.Equal(2, notes.Count);
        Assert.All(notes, note => Assert.Matches(@"^CN-\d{4}-\d{6}$", note.Number));
        Assert.Equal([first.RefundId, second.RefundId], notes.Select(note => note.RefundId!.Value));
        Assert.Equal([part, invoice.Total - part], notes.Select(note => note.Amount));
        // The first note's tax is its proportion, rounded half away from zero; the two together give back all of it.
        Assert.Equal(Workflows.Platform.Money.Round(part * invoice.Tax / invoice.Total, "EUR", MidpointRounding.AwayFromZero), notes[0].Tax);
        Assert.Equal(invoice.Tax, notes.Sum(note => note.Tax));
        Assert.Equal(notes[0].Number, Assert.Single(afterFirst.Refunds).CreditNoteNumber);
        Assert.Equal(invoice.Total, refunded.Due);
        Assert.Equal(InvoiceStatus.Paid, refunded.Status);
        Assert.Equal(2, fixture.Simulator.Book.Refunds.Count(refund => refund.Charge.Id == invoice.ChargeId));
        await AssertProblemAsync(beyond, HttpStatusCode.BadRequest, "amount");

        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.ClientReceivables));
        Assert.Equal(invoice.Net, await flow.PostedAsync(invoice.Id, LedgerAccount.Refunds));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.TaxPayable));
        Assert.Equal(-await flow.PostedAsync(invoice.Id, LedgerAccount.ProcessorFees), await flow.PostedAsync(invoice.Id, LedgerAccount.CashAtGoldenHat));
        Assert.Equal(2, await flow.InvoicingEventsAsync(invoice.OrderId, InvoicingEvents.ClientRefunded));
        Assert.Contains(
            $"You were refunded {part} EUR of invoice {invoice.Number}",
            await flow.NotificationSubjectsAsync(client.Id, invoice.OrderId, atLeast: 2));
        using var document = UglyToad.PdfPig.PdfDocument.Open(await manager.GetByteArrayAsync(new Uri($"/api/invoices/{invoice.Id}/pdf", UriKind.Relative)));
        var pdf = string.Join(" ", document.GetPages().SelectMany(page => page.GetWords()).Select(word => word.Text));
        Assert.Contains("Refunded to your card", pdf, StringComparison.Ordinal);
        Assert.Contains(notes[1].Number, pdf, StringComparison.Ordinal);
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task SameIdempotencyKey_AnswersTheFirstRefund_AndGoldenHatRefundsOnce_OtherValuesAre422()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var key = Guid.NewGuid().ToString();

        var first = await AcceptedAsync(await RefundAsync(manager, invoice.Id, 5.00m, "Goodwill.", key));
        var again = await AcceptedAsync(await RefundAsync(manager, invoice.Id, 5.00m, "Goodwill.", key));
        await WaitForRefundAsync(invoice.Id, first.RefundId, RefundStatus.Refunded);
        var afterDone = await AcceptedAsync(await RefundAsync(manager, invoice.Id, 5.00m, "Goodwill.", key));
        var other = await AssertProblemAsync(await RefundAsync(manager, invoice.Id, 6.00m, "Goodwill.", key), HttpStatusCode.UnprocessableEntity, "amount");

        Assert.Equal(first, again);
        Assert.Equal(first, afterDone);
        Assert.Contains("Idempotency-Key", other, StringComparison.Ordinal);
        Assert.Single(fixture.Simulator.Book.Refunds, refund => refund.Reference == RefundWorkflow.WorkflowId(first.RefundId));
        Assert.Single((await InvoiceAsync(invoice.Id)).Refunds);
        client.Dispose();
    }

    [Fact]
    public async Task ConcurrentRefunds_NeverTogetherExceedWhatWasCharged()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var third = decimal.Round(invoice.Total / 3, 2, MidpointRounding.ToZero);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RefundAsync(manager, invoice.Id, third, "Goodwill, five managers at once.")));

        Assert.Equal(3, answers.Count(answer => answer.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(2, answers.Count(answer => answer.StatusCode == HttpStatusCode.BadRequest));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        var refunds = (await InvoiceAsync(invoice.Id)).Refunds;
        Assert.Equal(3, refunds.Count);
        foreach (var refund in refunds)
        {
            await WaitForRefundAsync(invoice.Id, refund.Id, RefundStatus.Refunded);
        }

        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task RefundRequests_AreValidated_AndOnlyManagersRefundOnlyPaidInvoices()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        var (declined, orderId) = await flow.CompleteOrderAsync(TestTokens.InsufficientFunds);
        var unpaid = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Dunning, "dunning");
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        using var worker = await fixture.Host.CreateClientAsync(PlatformRoles.Worker);

        await AssertProblemAsync(await RefundAsync(manager, invoice.Id, invoice.Total + 0.01m, "Too much."), HttpStatusCode.BadRequest, "amount");
        await AssertProblemAsync(await RefundAsync(manager, invoice.Id, 0m, "Nothing."), HttpStatusCode.BadRequest, "amount");
        await AssertProblemAsync(await RefundAsync(manager, invoice.Id, 1.005m, "A fraction of a cent."), HttpStatusCode.BadRequest, "amount");
        await AssertProblemAsync(await RefundAsync(manager, invoice.Id, 1m, " "), HttpStatusCode.BadRequest, "reason");
        await AssertProblemAsync(await RefundAsync(manager, invoice.Id, 1m, "No key.", key: ""), HttpStatusCode.BadRequest, "Idempotency-Key");
        using var missing = await RefundAsync(manager, Guid.NewGuid(), 1m, "No such invoice.");
        using var notPaid = await RefundAsync(manager, unpaid.Id, 1m, "Not paid yet.");
        using var byClient = await RefundAsync(client.Http, invoice.Id, 1m, "My own refund.");
        using var byWorker = await RefundAsync(worker, invoice.Id, 1m, "A refund.");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notPaid.StatusCode);
        Assert.Contains("credit note", await notPaid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byWorker.StatusCode);
        Assert.Empty((await InvoiceAsync(invoice.Id)).Refunds);
        Assert.Empty((await InvoiceAsync(unpaid.Id)).Refunds);
        Assert.DoesNotContain(fixture.Simulator.Book.Refunds, refund => refund.Charge.Id == invoice.ChargeId);
        client.Dispose();
        declined.Dispose();
    }

    [Fact]
    public async Task RefundStoredButNeverStarted_IsStartedByTheSweep_AndItsClientIsNotShownWhichManagerAskedForIt()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        var refundId = Guid.NewGuid();
        // As a request killed between its commit and its workflow's start leaves it: requested, and no workflow runs it.
        var requestedAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5);
        await flow.Orders.WithAsync<InvoicingDbContext, int>(db =>
        {
            db.Refunds.Add(new Activities.Invoicing.Refunds.Refund
            {
                Id = refundId, InvoiceId = invoice.Id, Currency = invoice.Currency, Amount = 4.00m, Reason = "Goodwill, asked for just before a crash.",
                RequestedBy = "manager-who-asked", RequestedAt = requestedAt, Status = RefundStatus.Requested, UpdatedAt = requestedAt,
            });
            return db.SaveChangesAsync();
        });

        var refunded = await WaitForRefundAsync(invoice.Id, refundId, RefundStatus.Refunded);

        Assert.Single(fixture.Simulator.Book.Refunds, refund => refund.Reference == RefundWorkflow.WorkflowId(refundId));
        Assert.Equal("manager-who-asked", Assert.Single(refunded.Refunds).RequestedBy);
        using var asClient = JsonDocument.Parse(await client.Http.GetStringAsync(new Uri($"/api/invoices/{invoice.Id}", UriKind.Relative)));
        var seen = Assert.Single(asClient.RootElement.GetProperty("refunds").EnumerateArray());
        Assert.Equal(nameof(RefundStatus.Refunded), seen.GetProperty("status").GetString());
        Assert.False(seen.TryGetProperty("requestedBy", out _), seen.ToString());
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task GoldenHatDown_TheRefundWaitsUnderOneKey_AndRefundsOnceAfterRecovery()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        RefundAccepted accepted;
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.Unavailable));
        try
        {
            accepted = await AcceptedAsync(await RefundAsync(manager, invoice.Id, 10.00m, "Goodwill during an outage."));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(RefundStatus.Requested, Assert.Single((await InvoiceAsync(invoice.Id)).Refunds).Status);
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.None));
        }

        await WaitForRefundAsync(invoice.Id, accepted.RefundId, RefundStatus.Refunded);

        Assert.Single(fixture.Simulator.Book.Refunds, refund => refund.Reference == RefundWorkflow.WorkflowId(accepted.RefundId));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task RefundWebhookLost_TheRefundCountsOnAReadAfterTheConfirmationWait()
    {
        var (client, invoice) = await PaidInvoiceAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: true));
        try
        {
            var accepted = await AcceptedAsync(await RefundAsync(manager, invoice.Id, 3.00m, "Goodwill."));
            var workflowId = RefundWorkflow.WorkflowId(accepted.RefundId);
            // The read after the wait must find the refund decided, or the workflow waits another (real) minute.
            var deadline = DateTimeOffset.UtcNow + WaitLimit;
            while (!fixture.Simulator.Book.Refunds.Any(refund => refund.Reference == workflowId && refund.Answer().Status != PaymentStatuses.Pending))
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"{workflowId}'s refund was never made or decided.");
                await Task.Delay(50);
            }

            await fixture.Host.SkipPastTimerAsync(workflowId, TimeSpan.FromMinutes(1));
            var refunded = await WaitForRefundAsync(invoice.Id, accepted.RefundId, RefundStatus.Refunded);

            Assert.Single(refunded.CreditNotes);
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: false));
        }

        client.Dispose();
    }

    [Fact]
    public async Task RefundGoldenHatDeclines_IsFailed_BooksNothing_TellsManagers_AndFreesTheAmount()
    {
        var (client, invoice) = await PaidInvoiceAsync(TestTokens.RefundFails);
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        var accepted = await AcceptedAsync(await RefundAsync(manager, invoice.Id, invoice.Total, "Goodwill."));
        var failed = await WaitForRefundAsync(invoice.Id, accepted.RefundId, RefundStatus.Failed);
        var again = await AcceptedAsync(await RefundAsync(manager, invoice.Id, invoice.Total, "Goodwill, second try."));

        var refund = failed.Refunds.Single(refund => refund.Id == accepted.RefundId);
        Assert.Contains("refund_failed", refund.FailureReason, StringComparison.Ordinal);
        Assert.Null(refund.CreditNoteNumber);
        Assert.Empty(failed.CreditNotes);
        Assert.NotEqual(accepted.RefundId, again.RefundId);
        Assert.Equal(0, await flow.InvoicingEventsAsync(invoice.OrderId, InvoicingEvents.ClientRefunded));
        Assert.Equal(0m, await flow.PostedAsync(invoice.Id, LedgerAccount.Refunds));
        Assert.Contains($"A refund of invoice {invoice.Number} failed", await flow.NotificationSubjectsAsync(OrderNotifications.Managers, invoice.OrderId, atLeast: 1));
        await WaitForRefundAsync(invoice.Id, again.RefundId, RefundStatus.Failed);
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task FailedQualityCheck_CreditNoteGivesBackItsShareOfTheTax()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds, qualityPassed: false, refundPercent: 50);

        var invoice = await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");

        var note = Assert.Single(invoice.CreditNotes);
        Assert.Null(note.RefundId);
        Assert.NotEqual(0m, invoice.Tax);
        Assert.Equal(Workflows.Platform.Money.Round(note.Amount * invoice.Tax / invoice.Total, "EUR", MidpointRounding.AwayFromZero), note.Tax);
        Assert.Contains("half away from zero", note.TaxRounding, StringComparison.Ordinal);
        Assert.Equal(-(invoice.Tax - note.Tax), await flow.PostedAsync(invoice.Id, LedgerAccount.TaxPayable));
        Assert.Equal(note.Amount - note.Tax, await flow.PostedAsync(invoice.Id, LedgerAccount.Refunds));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    private async Task<(Party Client, InvoiceResponse Invoice)> PaidInvoiceAsync(string token = TestTokens.Succeeds)
    {
        var (client, orderId) = await flow.CompleteOrderAsync(token);
        return (client, await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid"));
    }

    private static async Task<HttpResponseMessage> RefundAsync(HttpClient http, Guid invoiceId, decimal amount, string reason, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{invoiceId}/refunds") { Content = JsonContent.Create(new { amount, reason }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }

    private static async Task<RefundAccepted> AcceptedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<RefundAccepted>())!;
        }
    }

    /// <summary>Asserts a problem naming <paramref name="field"/> in its errors, and answers its body.</summary>
    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, body);
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
            return body;
        }
    }

    private async Task<InvoiceResponse> InvoiceAsync(Guid invoiceId)
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        return (await manager.GetFromJsonAsync<InvoiceResponse>($"/api/invoices/{invoiceId}"))!;
    }

    /// <summary>Polls the invoice (as a manager would read it) until the refund is <paramref name="status"/>.</summary>
    private async Task<InvoiceResponse> WaitForRefundAsync(Guid invoiceId, Guid refundId, RefundStatus status)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var invoice = await InvoiceAsync(invoiceId);
            var refund = invoice.Refunds.SingleOrDefault(refund => refund.Id == refundId);
            if (refund?.Status == status)
            {
                return invoice;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Refund {refundId} never became {status}; it is {refund?.Status.ToString() ?? "missing"}.");
            await Task.Delay(100);
        }
    }
}
