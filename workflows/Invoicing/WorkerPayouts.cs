using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

[JsonConverter(typeof(JsonStringEnumConverter<WorkerPayoutStatus>))]
public enum WorkerPayoutStatus
{
    /// <summary>Waiting for a payout destination: none registered, or only the one that failed.</summary>
    AwaitingDestination,

    /// <summary>The destination changed recently: held until its cooling period ends.</summary>
    Held,

    /// <summary>Sent to Golden Hat; the money is in transit.</summary>
    Sent,

    /// <summary>Golden Hat failed to pay (a closed account): the money is back on the worker's balance until the destination changes.</summary>
    Failed,

    Paid,

    /// <summary>The balance fell below the payout (a correction) before it could be sent again: nothing is in transit.</summary>
    Cancelled,
}

/// <summary>Paying <see cref="Amount"/> of a worker's balance to their payout destination; the workflow <c>worker-payout-{PayoutId}</c> does it.</summary>
public sealed record WorkerPayoutRequest(Guid PayoutId, string WorkerId, string Currency, decimal Amount, string Description);

/// <summary>The configured waits the payout workflow reads as it starts (docs/payouts.md, "Payouts").</summary>
/// <param name="ConfirmationWait">How long a payout waits for Golden Hat's webhook before it asks, and between asks.</param>
/// <param name="DestinationRecheck">How often a payout without a usable destination looks again.</param>
public sealed record WorkerPayoutTerms(TimeSpan ConfirmationWait, TimeSpan DestinationRecheck);

/// <summary>The payout's record as it moves; <see cref="HeldUntil"/> while held, the destination's last digits once chosen.</summary>
public sealed record WorkerPayoutProgress(Guid PayoutId, WorkerPayoutStatus Status, int Attempt, string? DestinationLast4, DateTimeOffset? HeldUntil, string? FailureCode, DateTimeOffset At);

/// <summary>Invoicing's own records of payouts: the payout row and its journal entries.</summary>
public interface IWorkerPayoutActivities
{
    [Activity]
    Task<WorkerPayoutTerms> GetWorkerPayoutTermsAsync();

    /// <summary>Stores the payout with its first status; a retry finds it stored.</summary>
    [Activity]
    Task RecordWorkerPayoutAsync(WorkerPayoutRequest request, DateTimeOffset at);

    [Activity]
    Task RecordWorkerPayoutProgressAsync(WorkerPayoutProgress progress);

    /// <summary>
    /// Books the payout's <see cref="LedgerEntries.PayoutSent"/> entry, unless the worker's balance is now below it
    /// (false); under the same lock on the worker as a correction, so the two cannot both spend one balance.
    /// </summary>
    [Activity]
    Task<bool> ReserveWorkerPayoutAsync(string workerId, JournalEntry sent);

    /// <summary>Books Golden Hat's decision (<see cref="LedgerEntries.PayoutPaid"/> or <see cref="LedgerEntries.PayoutReturned"/>) with the payout's status.</summary>
    [Activity]
    Task SettleWorkerPayoutAsync(WorkerPayoutProgress progress, JournalEntry settled);
}
