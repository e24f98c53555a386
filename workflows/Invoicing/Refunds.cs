using System.Text.Json.Serialization;
using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>Where a manager's refund of a paid invoice stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RefundStatus>))]
public enum RefundStatus
{
    /// <summary>Asked for and counted against what is left to refund; Golden Hat has not said how it ended.</summary>
    Requested,

    /// <summary>Golden Hat paid it back: its credit note and *Client refunded* are booked.</summary>
    Refunded,

    /// <summary>Golden Hat declined or refused it; nothing was booked and managers were told.</summary>
    Failed,
}

/// <summary>
/// A manager's refund of (part of) a paid invoice, in the invoice's currency and exact in its minor unit; the workflow
/// <c>refund-{RefundId}</c> refunds it through Golden Hat and books it (docs/invoicing.md, "Refunds of paid invoices").
/// </summary>
/// <param name="ChargeId">Golden Hat's charge that paid the invoice, the one refunded.</param>
public sealed record RefundRequest(
    Guid RefundId,
    Guid InvoiceId,
    string InvoiceNumber,
    Guid OrderId,
    string ClientId,
    string ChargeId,
    string Currency,
    decimal Amount,
    string Reason,
    string RequestedBy,
    DateTimeOffset RequestedAt)
{
    /// <summary>The longest reason a refund keeps; the client reads it on the credit note.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The fields in which <paramref name="other"/> asks for another refund than this one (for a reused idempotency key).</summary>
    public IReadOnlyList<string> Differences(RefundRequest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. new (string Field, bool Same)[]
        {
            ("invoiceId", InvoiceId == other.InvoiceId),
            ("amount", Amount == other.Amount),
            ("reason", Reason == other.Reason),
        }.Where(field => !field.Same).Select(field => field.Field)];
    }
}

/// <summary>
/// Golden Hat paid the refund back: in one transaction its credit note (numbered, its tax the invoice's share), the
/// note's entry, *Client refunded* in the ledger and as a seed event, and the refund's status.
/// </summary>
public sealed record RefundCompletion(Guid RefundId, CreditNoteIssue CreditNote, JournalEntry Refunded, SeedEvent ClientRefunded);

/// <summary>Golden Hat declined or refused the refund: its status and why, with the event that records it.</summary>
public sealed record RefundFailure(Guid RefundId, string Reason, SeedEvent Failed);

/// <summary>The refund workflow's own records, local activities of the Invoicing worker; each is idempotent.</summary>
public interface IRefundActivities
{
    /// <summary>Books a refund Golden Hat paid and answers its credit note's number; a retry answers the number stored.</summary>
    [Activity]
    Task<string> CompleteRefundAsync(RefundCompletion completion);

    /// <summary>Marks the refund failed (it stops counting against what is left to refund); nothing is booked.</summary>
    [Activity]
    Task RecordRefundFailedAsync(RefundFailure failure);
}
