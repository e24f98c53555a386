using System.Globalization;
using System.Text.Json.Serialization;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

[JsonConverter(typeof(JsonStringEnumConverter<InvoiceLineKind>))]
public enum InvoiceLineKind
{
    /// <summary>The service at its quoted base price.</summary>
    Service,
    Surcharge,

    /// <summary>A discount the quote applied; its amount is negative.</summary>
    Discount,
}

/// <summary>
/// One line of an invoice. <see cref="Amount"/> is net and exact in the currency's minor unit (negative for a
/// discount); <see cref="Tax"/> is the line's tax, rounded on the line, and <see cref="TaxRounding"/> says how
/// (null when no tax rate is configured).
/// </summary>
public sealed record InvoiceLine(int Position, InvoiceLineKind Kind, string Description, decimal Amount, decimal Tax, string? TaxRounding);

/// <summary>Where an invoice stands; the read model lists invoices by it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InvoiceStatus>))]
public enum InvoiceStatus
{
    /// <summary>Issued, the charge not settled yet.</summary>
    Issued,

    /// <summary>A charge was declined (or the client has no payment method): retries are scheduled.</summary>
    Dunning,
    Paid,

    /// <summary>Every scheduled retry failed; managers were told, and a new payment method still settles it.</summary>
    Overdue,

    /// <summary>Its credit notes took its whole total off: settled with nothing charged.</summary>
    Credited,

    /// <summary>A manager recorded the amount due as paid outside Golden Hat (a bank transfer, cash).</summary>
    PaidOutsideGoldenHat,

    /// <summary>A manager wrote the amount due off as a bad debt.</summary>
    WrittenOff,
}

public static class InvoiceStatuses
{
    /// <summary>Whether nothing more is collected: paid, credited, or settled by a manager outside Golden Hat. Its workflow has ended or is ending.</summary>
    public static bool IsSettled(this InvoiceStatus status) =>
        status is InvoiceStatus.Paid or InvoiceStatus.Credited or InvoiceStatus.PaidOutsideGoldenHat or InvoiceStatus.WrittenOff;
}

/// <summary>
/// The configured rules the invoice workflow reads once, as it starts (docs/invoicing.md).
/// </summary>
/// <param name="TaxRate">A fraction (0.19 for 19 %); zero when no rate is configured, and the invoice shows no tax.</param>
/// <param name="PaymentTerm">From issue to the due date.</param>
/// <param name="RetrySchedule">After a decline, the waits before each retry; once all failed, the invoice is overdue.</param>
/// <param name="ConfirmationWait">How long a charge or refund waits for Golden Hat's webhook before it asks.</param>
/// <param name="OverdueChargeAttempts">How many new payment methods an overdue invoice is charged to before it refuses more.</param>
public sealed record InvoicingTerms(decimal TaxRate, TimeSpan PaymentTerm, IReadOnlyList<TimeSpan> RetrySchedule, TimeSpan ConfirmationWait, int OverdueChargeAttempts);

/// <summary>
/// The lines of an invoice from the quote's price: the service, each surcharge, each discount (negative), and,
/// with a tax rate, each line's tax rounded half away from zero to the minor unit on that line.
/// </summary>
public static class InvoiceLines
{
    public static IReadOnlyList<InvoiceLine> From(QuotePrice price, string serviceName, decimal taxRate)
    {
        ArgumentNullException.ThrowIfNull(price);
        List<(InvoiceLineKind Kind, string Description, decimal Amount)> items =
        [
            (InvoiceLineKind.Service, serviceName, price.BasePrice),
            .. price.Surcharges.Select(surcharge => (InvoiceLineKind.Surcharge, $"Surcharge: {surcharge.Id}", surcharge.Amount)),
            .. price.Discounts.Select(discount => (InvoiceLineKind.Discount, $"Discount: {discount.Description} ({discount.Reference})", -discount.Amount)),
        ];
        return [.. items.Select((item, index) => Line(index + 1, item.Kind, item.Description, item.Amount, price.Currency, taxRate))];
    }

    private static InvoiceLine Line(int position, InvoiceLineKind kind, string description, decimal amount, string currency, decimal taxRate)
    {
        if (taxRate == 0m)
        {
            return new InvoiceLine(position, kind, description, amount, 0m, null);
        }

        var exact = amount * taxRate;
        // Per line, half away from zero, so a discount's tax mirrors the tax of an equal charge.
        var tax = Money.Round(exact, currency, MidpointRounding.AwayFromZero);
        var rounding = string.Create(CultureInfo.InvariantCulture, $"{amount} × {taxRate * 100m:0.####} % = {exact} → {tax} (half away from zero)");
        return new InvoiceLine(position, kind, description, amount, tax, rounding);
    }
}

/// <summary>
/// An invoice as the workflow issues it: its number is assigned by <see cref="IInvoiceActivities.IssueInvoiceAsync"/>
/// in the transaction that stores it, with its journal entry and <c>ClientInvoiced</c>.
/// </summary>
public sealed record InvoiceIssue(
    Guid InvoiceId,
    Guid OrderId,
    string ClientId,
    string Currency,
    IReadOnlyList<InvoiceLine> Lines,
    decimal Net,
    decimal Tax,
    decimal Total,
    DateTimeOffset IssuedAt,
    DateTimeOffset DueAt,
    JournalEntry Entry,
    SeedEvent Invoiced);

/// <summary>A change of an invoice's status, with the journal entry and the events that come with it, written together.</summary>
/// <param name="ChargeId">Golden Hat's id of the charge that paid the invoice.</param>
public sealed record InvoiceProgress(Guid InvoiceId, InvoiceStatus Status, string? ChargeId, JournalEntry? Entry, IReadOnlyList<SeedEvent> Events);

/// <summary>
/// A credit note against an invoice, numbered in its own series by the activity that stores it, which also takes its
/// tax share (<see cref="CreditNoteTax"/>) and books it under <paramref name="EntryKey"/>.
/// </summary>
/// <param name="Amount">What it credits, tax included, exact in the currency's minor unit.</param>
/// <param name="RefundId">The refund of a paid invoice it documents; null for a credit of the unpaid invoice (a failed quality check).</param>
public sealed record CreditNoteIssue(Guid CreditNoteId, Guid InvoiceId, Guid? RefundId, string Currency, decimal Amount, string Reason, DateTimeOffset IssuedAt, string EntryKey, SeedEvent Credited);

/// <summary>The tax a credit note gives back, and how it was rounded.</summary>
public sealed record CreditNoteTaxShare(decimal Tax, string? Rounding);

/// <summary>
/// A credit note reduces the invoice's tax in proportion to what it credits. The share is taken on the invoice's credit
/// notes <b>so far</b>: (credited before + this amount) × tax ÷ total, rounded half away from zero to the minor unit,
/// less the tax the earlier notes gave back. So the notes' tax never drifts from the proportion by more than one
/// rounding, and notes crediting the whole total give back exactly the whole tax.
/// </summary>
public static class CreditNoteTax
{
    public static CreditNoteTaxShare Of(decimal amount, string currency, decimal invoiceTotal, decimal invoiceTax, decimal creditedBefore, decimal taxCreditedBefore)
    {
        if (invoiceTax == 0m || invoiceTotal == 0m)
        {
            return new CreditNoteTaxShare(0m, null);
        }

        var exact = (creditedBefore + amount) * invoiceTax / invoiceTotal;
        var soFar = Money.Round(exact, currency, MidpointRounding.AwayFromZero);
        var tax = soFar - taxCreditedBefore;
        var rounding = string.Create(
            CultureInfo.InvariantCulture,
            $"({creditedBefore} + {amount}) × {invoiceTax} / {invoiceTotal} = {exact} → {soFar} (half away from zero), less {taxCreditedBefore} before = {tax}");
        return new CreditNoteTaxShare(tax, rounding);
    }
}

/// <summary>A client's new payment method for an invoice in dunning: a token Golden Hat made (docs/invoicing.md).</summary>
public sealed record PaymentMethodChange(string ClientId, string Token);

/// <summary>What an invoice workflow ends with.</summary>
/// <param name="CreditNoteNumber">The credit note a failed quality check issued, if any.</param>
public sealed record InvoiceOutcome(Guid InvoiceId, string Number, InvoiceStatus Status, string? CreditNoteNumber);

/// <summary>Why an invoice workflow refuses an update; the API turns each into its HTTP answer.</summary>
public static class InvoiceRefusals
{
    /// <summary>The caller is not the invoice's client: answered like a missing invoice.</summary>
    public const string NotYours = "InvoiceNotYours";

    /// <summary>The invoice is paid, or not collecting yet, or being charged right now (409).</summary>
    public const string WrongState = "InvoiceStateConflict";

    /// <summary>A payment outside Golden Hat of another amount than the one due (400 naming <c>amount</c>).</summary>
    public const string AmountNotDue = "SettlementAmountNotDue";

    /// <summary>A settlement's idempotency key sent again with other values; the details name the fields that differ (422).</summary>
    public const string SettlementKeyReused = "SettlementKeyReused";
}

/// <summary>The invoice workflow's own records, local activities in the Invoicing worker; each is idempotent.</summary>
public interface IInvoiceActivities
{
    /// <summary>The configured tax rate, payment term, retry schedule and confirmation wait.</summary>
    [Activity]
    Task<InvoicingTerms> GetInvoicingTermsAsync();

    /// <summary>
    /// Stores the invoice with the next number of its year's series, its lines, its journal entry and
    /// <c>ClientInvoiced</c> in one transaction, and answers the number; a retry answers the number stored.
    /// </summary>
    [Activity]
    Task<string> IssueInvoiceAsync(InvoiceIssue issue);

    /// <summary>The client's current payment method's token (the last registered), or null when there is none.</summary>
    [Activity]
    Task<string?> GetPaymentMethodAsync(string clientId);

    /// <summary>Records the invoice's new status with its journal entry and events; each stored once.</summary>
    [Activity]
    Task RecordInvoiceProgressAsync(InvoiceProgress progress);

    /// <summary>Stores the credit note with the next number of its year's series, its tax share and its journal entry; answers the number.</summary>
    [Activity]
    Task<string> IssueCreditNoteAsync(CreditNoteIssue issue);

    /// <summary>Stores a manager's settlement with the invoice's new status, its journal entry and its event; a retry stores nothing more.</summary>
    [Activity]
    Task RecordSettlementAsync(SettlementRecording recording);
}
