using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// A worker's new payout destination: the token Golden Hat made for their bank account, as the worker app's bank
/// form does (the platform never sees the account). The workflow <c>payout-destination-{DestinationId}</c> records it.
/// </summary>
public sealed record PayoutDestinationChange(Guid DestinationId, string WorkerId, string Token, string Last4, DateTimeOffset RegisteredAt);

/// <param name="Replaced">Whether the worker had a destination before: a change, which the cooling period holds.</param>
/// <param name="PayableFrom">When a payout may go to it: at once for a first destination, after the cooling period for a change.</param>
public sealed record PayoutDestinationRecorded(bool Replaced, DateTimeOffset PayableFrom);

/// <summary>Where a worker is paid now.</summary>
public sealed record WorkerPayoutDestination(Guid DestinationId, string Token, string Last4, DateTimeOffset PayableFrom);

/// <summary>Invoicing's records of workers' payout destinations.</summary>
public interface IPayoutDestinationActivities
{
    /// <summary>Stores the destination as the worker's current one, with the hold a change gets; a retry finds it stored.</summary>
    [Activity]
    Task<PayoutDestinationRecorded> RecordPayoutDestinationAsync(PayoutDestinationChange change);

    /// <summary>The worker's current destination, or null when they have registered none.</summary>
    [Activity]
    Task<WorkerPayoutDestination?> GetPayoutDestinationAsync(string workerId);
}
