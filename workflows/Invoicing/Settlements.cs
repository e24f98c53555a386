using System.Text.Json.Serialization;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>How a manager settles an invoice outside Golden Hat (docs/invoicing.md, "Settling an invoice outside Golden Hat").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SettlementKind>))]
public enum SettlementKind
{
    /// <summary>The client paid the amount due outside Golden Hat (a bank transfer, cash), with a reference and a date.</summary>
    PaidOutsideGoldenHat,

    /// <summary>Written off as a bad debt, with a reason: nothing more is asked of the client.</summary>
    WrittenOff,
}

/// <summary>
/// A manager's settlement of an invoice in dunning or overdue, given to its workflow as an update. Its id comes from the
/// manager and the request's idempotency key, so a retry is the same settlement.
/// </summary>
/// <param name="Amount">What the client paid (<see cref="SettlementKind.PaidOutsideGoldenHat"/> only): the amount due, exactly.</param>
/// <param name="Reference">The payment's reference, e.g. the bank transfer's (<see cref="SettlementKind.PaidOutsideGoldenHat"/> only).</param>
/// <param name="PaidOn">The day the money came in (<see cref="SettlementKind.PaidOutsideGoldenHat"/> only).</param>
/// <param name="Reason">Why it is written off (required for <see cref="SettlementKind.WrittenOff"/>); a note for a payment.</param>
public sealed record InvoiceSettlement(
    Guid SettlementId, Guid InvoiceId, SettlementKind Kind, decimal? Amount, string? Reference, DateOnly? PaidOn, string? Reason, string SettledBy)
{
    public const int MaxReferenceLength = 100;
    public const int MaxReasonLength = 500;

    /// <summary>The status the invoice ends in.</summary>
    public InvoiceStatus Status => Kind == SettlementKind.PaidOutsideGoldenHat ? InvoiceStatus.PaidOutsideGoldenHat : InvoiceStatus.WrittenOff;

    /// <summary>The fields in which <paramref name="other"/> asks for another settlement than this one (for a reused idempotency key).</summary>
    public IReadOnlyList<string> Differences(InvoiceSettlement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. new (string Field, bool Same)[]
        {
            ("invoiceId", InvoiceId == other.InvoiceId),
            ("kind", Kind == other.Kind),
            ("amount", Amount == other.Amount),
            ("reference", Reference == other.Reference),
            ("paidOn", PaidOn == other.PaidOn),
            ("reason", Reason == other.Reason),
        }.Where(field => !field.Same).Select(field => field.Field)];
    }
}

/// <summary>
/// What the invoice workflow stores for a settlement, in one transaction: the settlement with the amount it settled,
/// the invoice's new status, the entry that takes the amount off <see cref="LedgerAccount.ClientReceivables"/>, and its event.
/// </summary>
public sealed record SettlementRecording(InvoiceSettlement Settlement, string Currency, decimal Amount, DateTimeOffset SettledAt, JournalEntry Entry, SeedEvent Settled);
