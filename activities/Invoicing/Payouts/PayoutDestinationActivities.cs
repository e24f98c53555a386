using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Payouts;

/// <summary>Workers' payout destinations, recorded by their workflow and read by the payout workflow.</summary>
public sealed class PayoutDestinationActivities(InvoicingDbContext db, IOptions<InvoicingSettings> settings) : IPayoutDestinationActivities
{
    private static CancellationToken CancellationToken => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public async Task<PayoutDestinationRecorded> RecordPayoutDestinationAsync(PayoutDestinationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
        // One worker's registrations queue here, so two at once cannot both count as the first.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"payout-destination/" + change.WorkerId}))", CancellationToken);
        if (await db.PayoutDestinations.AsNoTracking().SingleOrDefaultAsync(destination => destination.Id == change.DestinationId, CancellationToken) is { } stored)
        {
            return new PayoutDestinationRecorded(stored.ReplacesId is not null, stored.PayableFrom);
        }

        var replaced = await Current(change.WorkerId).Select(destination => (Guid?)destination.Id).FirstOrDefaultAsync(CancellationToken);
        var payableFrom = replaced is null ? change.RegisteredAt : change.RegisteredAt + settings.Value.PayoutCoolingPeriod;
        db.PayoutDestinations.Add(new PayoutDestination
        {
            Id = change.DestinationId,
            WorkerId = change.WorkerId,
            Token = change.Token,
            Last4 = change.Last4,
            RegisteredAt = change.RegisteredAt,
            ReplacesId = replaced,
            PayableFrom = payableFrom,
        });
        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
        return new PayoutDestinationRecorded(replaced is not null, payableFrom);
    }

    [Activity]
    public Task<WorkerPayoutDestination?> GetPayoutDestinationAsync(string workerId) =>
        Current(workerId)
            .Select(destination => new WorkerPayoutDestination(destination.Id, destination.Token, destination.Last4, destination.PayableFrom))
            .FirstOrDefaultAsync(CancellationToken);

    /// <summary>The worker's destinations, the current (latest registered) first.</summary>
    private IQueryable<PayoutDestination> Current(string workerId) =>
        db.PayoutDestinations.AsNoTracking()
            .Where(destination => destination.WorkerId == workerId)
            .OrderByDescending(destination => destination.RegisteredAt)
            .ThenByDescending(destination => destination.Id);
}
