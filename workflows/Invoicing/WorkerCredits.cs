using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>Where a manager's credit to a worker stands; the worker's money view lists credits by it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkerCreditStatus>))]
public enum WorkerCreditStatus
{
    /// <summary>Up to the approval threshold: being posted.</summary>
    Requested,

    /// <summary>Above the approval threshold: waits for a second, different manager until the deadline.</summary>
    AwaitingApproval,

    /// <summary>In the ledger, owed to the worker (*Worker credited*).</summary>
    Posted,

    /// <summary>The approving manager said no; nothing was posted.</summary>
    Rejected,

    /// <summary>Nobody approved it before the deadline; nothing was posted.</summary>
    Expired,

    /// <summary>A correction that would have taken the worker's unpaid balance below zero; nothing was posted.</summary>
    Refused,
}

/// <summary>
/// A manager's credit to a worker (a bonus, or a correction when negative), in the currency's major unit and exact
/// in its minor unit; the workflow <c>worker-credit-{CreditId}</c> posts it or has it approved first.
/// </summary>
public sealed record WorkerCreditRequest(Guid CreditId, string WorkerId, string Currency, decimal Amount, string Reason, string RequestedBy, DateTimeOffset RequestedAt)
{
    /// <summary>The longest reason (and decision note) a credit keeps; the worker reads it.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The fields in which <paramref name="other"/> asks for another credit than this one (for a reused idempotency key).</summary>
    public IReadOnlyList<string> Differences(WorkerCreditRequest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. new (string Field, bool Same)[]
        {
            ("workerId", WorkerId == other.WorkerId),
            ("amount", Amount == other.Amount),
            ("currency", Currency == other.Currency),
            ("reason", Reason == other.Reason),
        }.Where(field => !field.Same).Select(field => field.Field)];
    }
}

/// <summary>The configured approval rule for the credit's currency, read as the workflow starts (docs/payouts.md, "Manual credits").</summary>
/// <param name="ApprovalThreshold">A credit whose size (positive or negative) is above this, in the credit's currency, needs a second manager.</param>
/// <param name="ApprovalDeadline">How long a credit waits for that approval before it expires.</param>
public sealed record WorkerCreditTerms(decimal ApprovalThreshold, TimeSpan ApprovalDeadline);

/// <summary>A second manager's approval or rejection of a credit awaiting approval.</summary>
public sealed record WorkerCreditDecision(string ManagerId, bool Approved, string? Note);

/// <summary>A credit's new status (its request stored first, then each decision), written idempotently.</summary>
public sealed record WorkerCreditProgress(Guid CreditId, WorkerCreditStatus Status, string? DecidedBy, string? Note, DateTimeOffset At);

/// <summary>Posts an approved (or small enough) credit: its journal entry and *Worker credited*, in one transaction.</summary>
public sealed record WorkerCreditPosting(Guid CreditId, string? ApprovedBy, JournalEntry Entry, Platform.SeedEvent Credited);

/// <summary>Why a credit workflow refuses a decision; the API turns each into its HTTP answer.</summary>
public static class WorkerCreditRefusals
{
    /// <summary>The manager who asked for the credit cannot approve it (403).</summary>
    public const string SameManager = "WorkerCreditSameManager";

    /// <summary>The credit is not awaiting approval (409).</summary>
    public const string WrongState = "WorkerCreditStateConflict";
}

/// <summary>The credit workflow's own records, local activities of the Invoicing worker; each is idempotent.</summary>
public interface IWorkerCreditActivities
{
    [Activity]
    Task<WorkerCreditTerms> GetWorkerCreditTermsAsync(string currency);

    /// <summary>Stores the request with its first status; a retry finds it stored.</summary>
    [Activity]
    Task RecordWorkerCreditAsync(WorkerCreditRequest request, WorkerCreditStatus status);

    [Activity]
    Task RecordWorkerCreditProgressAsync(WorkerCreditProgress progress);

    /// <summary>
    /// Posts the credit unless it is a correction larger than what the worker is owed in its currency (checked under
    /// a lock on the worker, so two corrections cannot both pass); answers the status it ends in, <c>Posted</c> or
    /// <c>Refused</c>, the same on a retry.
    /// </summary>
    [Activity]
    Task<WorkerCreditStatus> PostWorkerCreditAsync(WorkerCreditPosting posting);
}
