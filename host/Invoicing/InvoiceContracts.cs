using System.Text.Json.Serialization;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Host.Invoicing;

/// <param name="Due">What the client is charged: <paramref name="Total"/> less the credit notes issued before the charge (not those of refunds).</param>
/// <param name="Refunds">Managers' refunds of the paid invoice, each documented by a credit note once Golden Hat paid it.</param>
/// <param name="Settlement">A manager's settlement outside Golden Hat, when it was settled so.</param>
public sealed record InvoiceResponse(
    Guid Id,
    string Number,
    Guid OrderId,
    string ClientId,
    string Currency,
    IReadOnlyList<InvoiceLine> Lines,
    decimal Net,
    decimal Tax,
    decimal Total,
    decimal Due,
    InvoiceStatus Status,
    DateTimeOffset IssuedAt,
    DateTimeOffset DueAt,
    string? ChargeId,
    IReadOnlyList<CreditNoteResponse> CreditNotes,
    IReadOnlyList<RefundResponse> Refunds,
    SettlementResponse? Settlement);

/// <param name="Amount">What it credits, tax included.</param>
/// <param name="Tax">The invoice's tax it gives back, and <paramref name="TaxRounding"/> how it was rounded.</param>
/// <param name="RefundId">The refund it documents; null for a credit of the unpaid invoice.</param>
public sealed record CreditNoteResponse(string Number, string Currency, decimal Amount, decimal Tax, string? TaxRounding, Guid? RefundId, string Reason, DateTimeOffset IssuedAt);

/// <param name="RequestedBy">The manager who asked for it; shown to managers and ops, not to the client.</param>
/// <param name="CreditNoteNumber">The credit note that documents it, once refunded.</param>
/// <param name="FailureReason">Why Golden Hat did not refund it, when it failed.</param>
public sealed record RefundResponse(
    Guid Id,
    string Currency,
    decimal Amount,
    string Reason,
    RefundStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    string? CreditNoteNumber,
    string? FailureReason);

/// <summary>
/// A manager's settlement of an invoice outside Golden Hat (docs/invoicing.md, "Settling an invoice outside Golden Hat").
/// </summary>
/// <param name="Amount">What it settled: the amount due when it was settled.</param>
/// <param name="Reason">Why it was written off, or a note on the payment; shown to managers and ops, not to the client.</param>
/// <param name="SettledBy">The manager who settled it; shown to managers and ops, not to the client.</param>
public sealed record SettlementResponse(
    Guid Id,
    Guid InvoiceId,
    SettlementKind Kind,
    string Currency,
    decimal Amount,
    string? Reference,
    DateOnly? PaidOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SettledBy,
    DateTimeOffset SettledAt)
{
    /// <param name="staff">Whether the reader is a manager or ops, who see who settled it and why.</param>
    public static SettlementResponse Of(InvoiceSettlementRow settlement, bool staff)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        return new(
            settlement.Id, settlement.InvoiceId, settlement.Kind, settlement.Currency, settlement.Amount, settlement.Reference, settlement.PaidOn,
            staff ? settlement.Reason : null, staff ? settlement.SettledBy : null, settlement.SettledAt);
    }
}

/// <param name="Kind">How it was settled: <c>PaidOutsideGoldenHat</c> or <c>WrittenOff</c>.</param>
/// <param name="Amount">For a payment: what the client paid, the amount due exactly.</param>
/// <param name="Reference">For a payment: its reference, e.g. the bank transfer's.</param>
/// <param name="PaidOn">For a payment: the day the money came in.</param>
/// <param name="Reason">Required for a write-off; an optional note on a payment.</param>
public sealed record SettlementBody(SettlementKind? Kind, decimal? Amount, string? Reference, DateOnly? PaidOn, string? Reason);

/// <param name="Amount">What goes back to the client's card, tax included, in the invoice's currency.</param>
/// <param name="Reason">Why; the client reads it on the credit note.</param>
public sealed record RefundBody(decimal? Amount, string? Reason);

public sealed record RefundAccepted(Guid RefundId, Guid InvoiceId, RefundStatus Status);

/// <param name="Token">A payment method token Golden Hat made for the client's card.</param>
public sealed record PaymentMethodBody(string? Token);

public sealed record PaymentMethodResponse(Guid Id, string Token, DateTimeOffset RegisteredAt);

/// <summary>An account's balance: the sum of its postings, debits positive.</summary>
public sealed record LedgerBalanceResponse(LedgerAccount Account, string Currency, decimal Balance);

/// <summary>A worker's money: what they are owed per currency, each completed order's earning, managers' credits and payouts.</summary>
public sealed record WorkerMoneyResponse(
    string WorkerId, IReadOnlyList<WorkerBalanceResponse> Balances, IReadOnlyList<EarningResponse> Earnings, IReadOnlyList<WorkerCreditResponse> Credits, IReadOnlyList<WorkerPayoutResponse> Payouts);

/// <param name="Owed">What the platform owes the worker (their <c>WorkerPayables</c> postings, credit side positive).</param>
public sealed record WorkerBalanceResponse(string Currency, decimal Owed);

/// <param name="KeptPercent">The share of <paramref name="Payout"/> earned: 100 unless the order failed its quality check.</param>
public sealed record EarningResponse(Guid OrderId, string ServiceTypeCode, int ServiceTypeVersion, string Currency, decimal Payout, int KeptPercent, decimal Amount, string? Rounding, DateTimeOffset EarnedAt);

public sealed record WorkerCreditResponse(
    Guid Id, string Currency, decimal Amount, string Reason, WorkerCreditStatus Status, string RequestedBy, string? DecidedBy, string? Note, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);

/// <param name="HeldUntil">While <see cref="WorkerPayoutStatus.Held"/>: when the destination's cooling period ends.</param>
public sealed record WorkerPayoutResponse(
    Guid Id, string Currency, decimal Amount, string Description, WorkerPayoutStatus Status, int Attempts, string? DestinationLast4, DateTimeOffset? HeldUntil, string? FailureCode, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt);

/// <summary>The trial balance of one currency: every account's debit or credit balance, and whether debits equal credits.</summary>
public sealed record TrialBalanceResponse(string Currency, IReadOnlyList<LedgerBalanceResponse> Accounts, decimal Debits, decimal Credits, bool Balanced);
