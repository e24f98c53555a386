using System.Globalization;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// One completed order's invoice (Invoicing queue, workflow id from the order id), started by the order workflow
/// without waiting for it: post the worker's earning, issue the invoice from the order's quote, credit the service
/// type's share of it when the order failed its quality check, charge the client the rest through Golden Hat, and dun
/// on a decline, until it is paid or a manager settles it outside Golden Hat (docs/invoicing.md). Every Golden Hat request carries an idempotency key made here, the same for each retry of
/// the request, and a payment counts only once Golden Hat's webhook (a signal) or, when that is late, a read of
/// the payment says how it ended.
/// </summary>
[Workflow]
public sealed class InvoiceWorkflow
{
    private readonly PaymentOutcomes outcomes = new();
    private readonly CompletedOrder order;
    private InvoicingTerms? terms;
    private InvoiceStatus? status;
    private string? newToken;
    private int overdueAttempts;
    private Guid? invoiceId;
    private string? currency;
    private decimal due;

    /// <summary>From deciding to charge until the charge's outcome is recorded: a manager's settlement waits for it.</summary>
    private bool charging;

    /// <summary>Set as a manager's settlement is accepted, before it is written: a repeated one gets this same answer.</summary>
    private InvoiceSettlement? settlement;
    private bool settlementRecorded;

    [WorkflowInit]
    public InvoiceWorkflow(CompletedOrder completed) => order = completed;

    public static string WorkflowId(Guid orderId) => $"invoice-{orderId}";

    [WorkflowRun]
    public async Task<InvoiceOutcome> RunAsync(CompletedOrder completed)
    {
        // The worker's earning first: what the order earned does not wait on the client's payment.
        var earning = WorkerEarning.Of(order, Workflow.UtcNow);
        await Workflow.ExecuteLocalActivityAsync((IEarningActivities earnings) => earnings.RecordEarningAsync(earning), OwnRecords);
        terms = await Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.GetInvoicingTermsAsync(), OwnRecords);
        var quoteId = order.QuoteId;
        var price = await Workflow.ExecuteActivityAsync((IQuoteActivities quotes) => quotes.GetQuotePriceAsync(quoteId), OrderingQueue);
        invoiceId = Workflow.NewGuid();
        currency = price.Currency;
        var lines = InvoiceLines.From(price, $"Service {order.ServiceTypeCode} (version {order.ServiceTypeVersion}), order {order.OrderId}", terms.TaxRate);
        var net = lines.Sum(line => line.Amount);
        var tax = lines.Sum(line => line.Tax);
        var issuedAt = Workflow.UtcNow;
        var issue = new InvoiceIssue(
            invoiceId.Value, order.OrderId, order.ClientId, price.Currency, lines, net, tax, net + tax, issuedAt, issuedAt + terms.PaymentTerm,
            LedgerEntries.Invoiced(Key("invoiced"), invoiceId.Value, price.Currency, lines, issuedAt),
            Event(InvoicingEvents.ClientInvoiced, Data("total", (net + tax).ToString(CultureInfo.InvariantCulture))));
        var number = await Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.IssueInvoiceAsync(issue), OwnRecords);
        status = InvoiceStatus.Issued;

        // The quality verdict comes before the order completes, so a failed check is credited before any charge:
        // the client is charged only what the credit note leaves, never charged and then refunded.
        var creditNote = order.Quality == QualityOutcome.Failed && order.QualityRefundPercent > 0
            ? await CreditAsync(issue, number)
            : null;
        due = issue.Total - (creditNote?.Amount ?? 0m);
        if (creditNote is not null && due == 0m)
        {
            status = InvoiceStatus.Credited;
            await RecordAsync(new InvoiceProgress(issue.InvoiceId, InvoiceStatus.Credited, null, null, [Event(InvoicingEvents.InvoiceCredited, Data("creditNote", creditNote.Number))]));
            return new InvoiceOutcome(issue.InvoiceId, number, InvoiceStatus.Credited, creditNote.Number);
        }

        var settled = await CollectAsync(issue, number);
        return new InvoiceOutcome(issue.InvoiceId, number, settled, creditNote?.Number);
    }

    [WorkflowSignal(PaymentSignal.Name)]
    public Task PaymentOutcomeAsync(PaymentOutcome outcome)
    {
        outcomes.Take(outcome);
        return Task.CompletedTask;
    }

    [WorkflowUpdateValidator(nameof(ChangePaymentMethodAsync))]
    public void ValidateChangePaymentMethod(PaymentMethodChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.ClientId != order.ClientId)
        {
            throw new ApplicationFailureException("No such invoice.", InvoiceRefusals.NotYours);
        }

        if (status is not (InvoiceStatus.Dunning or InvoiceStatus.Overdue))
        {
            throw new ApplicationFailureException(
                status is null ? "The invoice is being issued." : $"The invoice is {status}: only an invoice whose charge was declined takes a new payment method.",
                InvoiceRefusals.WrongState);
        }

        // A payment method given and not charged yet counts: it will be.
        if (status == InvoiceStatus.Overdue && overdueAttempts + (newToken is null ? 0 : 1) >= terms!.OverdueChargeAttempts)
        {
            throw new ApplicationFailureException(
                $"The invoice is overdue and was charged to {terms.OverdueChargeAttempts} new payment methods already; our managers will contact you.",
                InvoiceRefusals.WrongState);
        }
    }

    /// <summary>A client in dunning gives a new payment method: the invoice is charged to it at once, not at the next retry.</summary>
    [WorkflowUpdate]
    public Task ChangePaymentMethodAsync(PaymentMethodChange change)
    {
        // Validated again: a settlement or another payment method accepted in the same workflow task may have come first.
        ValidateChangePaymentMethod(change);
        newToken = change.Token;
        return Task.CompletedTask;
    }

    [WorkflowUpdateValidator(nameof(SettleAsync))]
    public void ValidateSettle(InvoiceSettlement request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SettlementRefusal(request) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>
    /// A manager settles the invoice outside Golden Hat (paid by bank transfer or cash, or written off): it is recorded
    /// with its entry at once, and the collection ends. A repeated settlement (a retry while the first is still being
    /// written) records nothing more and gets the first one's answer once it is written.
    /// </summary>
    [WorkflowUpdate]
    public async Task<InvoiceStatus> SettleAsync(InvoiceSettlement request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (settlement is null)
        {
            // Asked again: a charge may have started in the same workflow task after the validator ran.
            if (SettlementRefusal(request) is { } refusal)
            {
                throw refusal;
            }

            settlement = request;
            status = request.Status;
            var settled = request.Kind == SettlementKind.PaidOutsideGoldenHat
                ? SettlementEvent(InvoicingEvents.InvoicePaidOutsideGoldenHat, request, new { settlementId = request.SettlementId, amount = due, currency, reference = request.Reference, paidOn = request.PaidOn })
                : SettlementEvent(InvoicingEvents.InvoiceWrittenOff, request, new { settlementId = request.SettlementId, amount = due, currency, reason = request.Reason });
            var recording = new SettlementRecording(
                request, currency!, due, settled.OccurredAt, LedgerEntries.Settled(Key("settled"), request.InvoiceId, request, currency!, due, settled.OccurredAt), settled);
            await Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.RecordSettlementAsync(recording), OwnRecords);
            settlementRecorded = true;
        }

        await Workflow.WaitConditionAsync(() => settlementRecorded);
        return settlement!.Status;
    }

    /// <summary>Why the settlement cannot be taken now; null when it can (or when it is the one taken already, asked again).</summary>
    private ApplicationFailureException? SettlementRefusal(InvoiceSettlement request)
    {
        if (invoiceId is null)
        {
            return new ApplicationFailureException("The invoice is being issued.", InvoiceRefusals.WrongState);
        }

        if (request.InvoiceId != invoiceId)
        {
            return new ApplicationFailureException("No such invoice.", InvoiceRefusals.NotYours);
        }

        if (settlement is not null)
        {
            if (settlement.SettlementId != request.SettlementId)
            {
                return new ApplicationFailureException($"The invoice is {status} already, by another settlement.", InvoiceRefusals.WrongState);
            }

            return settlement.Differences(request) is { Count: > 0 } differing
                ? new ApplicationFailureException("This settlement was asked for with other values.", InvoiceRefusals.SettlementKeyReused, details: [differing])
                : null;
        }

        if (status is not (InvoiceStatus.Dunning or InvoiceStatus.Overdue))
        {
            return new ApplicationFailureException(
                status is null ? "The invoice is being issued." : $"The invoice is {status}: only an invoice in dunning or overdue is settled outside Golden Hat.",
                InvoiceRefusals.WrongState);
        }

        if (charging || newToken is not null)
        {
            return new ApplicationFailureException(
                "The invoice is being charged right now (a scheduled retry, or a payment method the client gave): try again once that charge is decided.",
                InvoiceRefusals.WrongState);
        }

        return request.Kind == SettlementKind.PaidOutsideGoldenHat && request.Amount != due
            ? new ApplicationFailureException(
                string.Create(CultureInfo.InvariantCulture, $"'amount' {request.Amount} is not the amount due on the invoice: {due} {currency}. A payment outside Golden Hat settles the invoice only in full."),
                InvoiceRefusals.AmountNotDue)
            : null;
    }

    /// <summary>
    /// Charges until paid: after a decline (or with no payment method) the client is told and the charge is retried
    /// after each wait of the schedule, or at once when the client gives a new payment method; once every retry
    /// failed the invoice is overdue, managers are told, and only a new payment method retries it, up to
    /// <see cref="InvoicingTerms.OverdueChargeAttempts"/> of them; then managers are told again and it takes no more.
    /// Whenever it waits, a manager may settle it outside Golden Hat instead, which ends the collection.
    /// </summary>
    /// <returns>How the invoice was settled: <see cref="InvoiceStatus.Paid"/>, or the manager's settlement's status.</returns>
    private async Task<InvoiceStatus> CollectAsync(InvoiceIssue issue, string number)
    {
        var retries = 0;
        while (true)
        {
            if (settlement is not null)
            {
                return await SettledOutsideAsync(issue, number);
            }

            // Before the first await: a settlement arriving from now until the outcome is recorded is refused.
            charging = true;
            if (newToken is not null && status == InvoiceStatus.Overdue)
            {
                overdueAttempts++;
            }

            var token = newToken ?? await Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.GetPaymentMethodAsync(order.ClientId), OwnRecords);
            newToken = null;
            var outcome = token is null ? null : await ChargeAsync(issue, number, token, due);
            if (outcome?.Status == PaymentStatus.Succeeded)
            {
                status = InvoiceStatus.Paid;
                var charged = Event(InvoicingEvents.MoneyCharged, Data("chargeId", outcome.Id));
                await RecordAsync(new InvoiceProgress(issue.InvoiceId, InvoiceStatus.Paid, outcome.Id, LedgerEntries.Charged(Key("charged"), issue.InvoiceId, outcome, Workflow.UtcNow), [charged]));
                return InvoiceStatus.Paid;
            }

            var reason = outcome is null ? "you have no payment method on file" : $"the payment was declined ({outcome.FailureCode}: {outcome.FailureMessage})";
            TimeSpan? wait = retries < terms!.RetrySchedule.Count ? terms.RetrySchedule[retries++] : null;
            var nowOverdue = wait is null && status != InvoiceStatus.Overdue;
            if (wait is not null || nowOverdue)
            {
                status = nowOverdue ? InvoiceStatus.Overdue : InvoiceStatus.Dunning;
                var declined = Event(nowOverdue ? InvoicingEvents.InvoiceOverdue : InvoicingEvents.PaymentDeclined, Data("reason", reason));
                await RecordAsync(new InvoiceProgress(issue.InvoiceId, status.Value, null, null, [declined]));
            }

            // The decline is recorded: until the next charge, a manager may settle the invoice instead.
            charging = false;
            if (wait is { } retryIn)
            {
                await NotifyAsync(
                    order.ClientId,
                    $"We could not charge invoice {number}",
                    string.Create(CultureInfo.InvariantCulture, $"We could not charge {due} {issue.Currency} for invoice {number}: {reason}. We try again in {retryIn.TotalDays:0.##} days; add a payment method for this invoice to be charged at once."));
                await Workflow.WaitConditionAsync(() => newToken is not null || settlement is not null, retryIn);
                continue;
            }

            if (nowOverdue)
            {
                await NotifyAsync(order.ClientId, $"Invoice {number} is overdue", $"Every attempt to charge invoice {number} failed: {reason}. Add a payment method for this invoice to settle it.");
                await NotifyAsync(OrderNotifications.Managers, $"Invoice {number} is overdue", string.Create(CultureInfo.InvariantCulture, $"Invoice {number} of client {order.ClientId} ({due} {issue.Currency}, order {order.OrderId}) could not be charged after every retry: {reason}."));
            }
            else if (overdueAttempts == terms.OverdueChargeAttempts)
            {
                // Told once: the validator refuses every further payment method, so no attempt comes after this.
                await NotifyAsync(order.ClientId, $"Invoice {number} cannot be charged online", $"Invoice {number} stays overdue: the last payment method you gave was declined too ({reason}). Our managers will contact you.");
                await NotifyAsync(
                    OrderNotifications.Managers,
                    $"Invoice {number}: new payment methods used up",
                    string.Create(CultureInfo.InvariantCulture, $"Invoice {number} of client {order.ClientId} ({due} {issue.Currency}, order {order.OrderId}) stays overdue: {terms.OverdueChargeAttempts} new payment methods were declined, the last with {reason}. It takes no more; settle it outside Golden Hat (paid by transfer, or written off)."));
            }

            await Workflow.WaitConditionAsync(() => newToken is not null || settlement is not null);
        }
    }

    /// <summary>Once the manager's settlement is written, the client is told the invoice is settled and nothing more is asked of them.</summary>
    private async Task<InvoiceStatus> SettledOutsideAsync(InvoiceIssue issue, string number)
    {
        await Workflow.WaitConditionAsync(() => settlementRecorded && Workflow.AllHandlersFinished);
        var amount = string.Create(CultureInfo.InvariantCulture, $"{due} {issue.Currency}");
        if (settlement!.Kind == SettlementKind.PaidOutsideGoldenHat)
        {
            await NotifyAsync(
                order.ClientId,
                $"Invoice {number} is paid",
                string.Create(CultureInfo.InvariantCulture, $"We received your payment of {amount} for invoice {number} (reference {settlement.Reference}, {settlement.PaidOn:yyyy-MM-dd}). The invoice is settled and will not be charged."));
        }
        else
        {
            await NotifyAsync(order.ClientId, $"Invoice {number} is closed", $"Invoice {number} is closed: the {amount} it asks for will not be charged or asked for again.");
        }

        return settlement.Status;
    }

    /// <summary>One charge attempt, under its own idempotency key; a token Golden Hat refuses is a decline.</summary>
    private async Task<PaymentOutcome> ChargeAsync(InvoiceIssue issue, string number, string token, decimal due)
    {
        var command = new ChargeCommand(Key("charge"), token, issue.Currency, due, Workflow.Info.WorkflowId, $"Invoice {number}");
        try
        {
            var answer = await Workflow.ExecuteActivityAsync((IPaymentActivities payments) => payments.ChargeAsync(command), GoldenHat);
            return await SettledAsync(answer, id => Workflow.ExecuteActivityAsync((IPaymentActivities payments) => payments.GetChargeAsync(id), GoldenHat));
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: IPaymentActivities.RejectedErrorType } rejected)
        {
            return new PaymentOutcome(PaymentKind.Charge, command.IdempotencyKey, null, PaymentStatus.Failed, issue.Currency, due, 0m, "rejected", rejected.Message);
        }
    }

    /// <summary>
    /// A credit note for the service type's share of the invoice's total (rounded half away from zero to the minor
    /// unit), issued against the unpaid invoice: its entry takes that share off what the client owes, and its share of
    /// the invoice's tax off the tax owed (<see cref="CreditNoteTax"/>).
    /// </summary>
    private async Task<CreditNote> CreditAsync(InvoiceIssue issue, string number)
    {
        var amount = Money.Round(issue.Total * order.QualityRefundPercent / 100m, issue.Currency, MidpointRounding.AwayFromZero);
        var reason = $"Order {order.OrderId} failed its quality check: {order.QualityRefundPercent} % of invoice {number} is credited.";
        var credit = new CreditNoteIssue(
            Workflow.NewGuid(), issue.InvoiceId, null, issue.Currency, amount, reason, Workflow.UtcNow, Key("credited"),
            Event(InvoicingEvents.CreditNoteIssued, Data("amount", amount.ToString(CultureInfo.InvariantCulture))));
        var creditNoteNumber = await Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.IssueCreditNoteAsync(credit), OwnRecords);
        return new CreditNote(creditNoteNumber, amount);
    }

    private sealed record CreditNote(string Number, decimal Amount);

    private Task<PaymentOutcome> SettledAsync(PaymentOutcome answer, Func<string, Task<PaymentOutcome>> read) =>
        outcomes.SettledAsync(answer, read, terms!.ConfirmationWait);

    private Task RecordAsync(InvoiceProgress progress) =>
        Workflow.ExecuteLocalActivityAsync((IInvoiceActivities invoices) => invoices.RecordInvoiceProgressAsync(progress), OwnRecords);

    private Task NotifyAsync(string recipient, string subject, string body) =>
        InvoicingSteps.NotifyAsync(recipient, subject, body, OrderingEvents.StreamId(order.OrderId));

    private SeedEvent SettlementEvent(string type, InvoiceSettlement request, object data) =>
        new(Workflow.NewGuid(), OrderingEvents.StreamId(order.OrderId), type, request.SettledBy, Workflow.UtcNow, System.Text.Json.JsonSerializer.Serialize(data));

    private SeedEvent Event(string type, string? dataJson) =>
        new(Workflow.NewGuid(), OrderingEvents.StreamId(order.OrderId), type, "platform", Workflow.UtcNow, dataJson);

    private static string Data(string name, string value) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [name] = value });

    private static ActivityOptions OrderingQueue { get; } = Durable(BoundedContext.Ordering);
}
