using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Matching;

/// <summary>Matching's side of the ordering schema: who is free, how much work each got lately, and the offers.</summary>
public sealed class MatchingActivities(OrderingDbContext db)
{
    /// <summary>
    /// Drops the workers booked in a window overlapping the order's, and those asked about another order in an
    /// overlapping window who have not answered yet (they could take only one of the two); ranks the rest
    /// (<see cref="WorkerRanking"/>). One statement reads both and each worker's recent orders: the offers made to
    /// them (an accepted offer is their booking) plus the orders a manager assigned to them by hand, both counted
    /// from an index in PostgreSQL, so a matching round costs the same whatever the history.
    /// </summary>
    [Activity(MatchingActivityNames.RankCandidates)]
    public async Task<IReadOnlyList<MatchCandidate>> RankCandidatesAsync(CandidateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = query.Pool.Select(worker => worker.WorkerId).Distinct(StringComparer.Ordinal).ToArray();
        var (start, end) = (query.WindowStart.ToUniversalTime(), query.WindowEnd.ToUniversalTime());
        var since = (query.AsOf - WorkerRanking.FairnessPeriod).ToUniversalTime();
        // The booking test is the shape of worker_bookings_no_overlap, so it reads that constraint's GiST index.
        var loads = await db.Database.SqlQuery<WorkerLoad>(
            $"""
            SELECT pool.worker_id,
                EXISTS (
                    SELECT 1 FROM ordering.worker_bookings AS b
                    WHERE b.worker_id = pool.worker_id AND b.released_at IS NULL
                        AND tstzrange(b.window_start, b.window_end) && tstzrange({start}, {end}))
                OR EXISTS (
                    SELECT 1 FROM ordering.offers AS o JOIN ordering.orders AS offered ON offered.id = o.order_id
                    WHERE o.worker_id = pool.worker_id AND o.status = {nameof(OfferStatus.Open)} AND o.order_id <> {query.OrderId}
                        AND offered.window_start < {end} AND offered.window_end > {start}) AS busy,
                (SELECT count(*) FROM ordering.offers AS o
                    WHERE o.worker_id = pool.worker_id AND o.offered_at >= {since} AND o.order_id <> {query.OrderId})::int
                + (SELECT count(*) FROM ordering.worker_bookings AS b
                    WHERE b.worker_id = pool.worker_id AND b.offer_id IS NULL AND b.booked_at >= {since})::int AS recent_orders
            FROM unnest({ids}) AS pool (worker_id)
            """)
            .ToDictionaryAsync(load => load.WorkerId, StringComparer.Ordinal, ActivityExecutionContext.Current.CancellationToken);
        return WorkerRanking.Rank(query.Pool
            .Where(worker => !loads[worker.WorkerId].Busy)
            .Select(worker => new MatchCandidate(
                worker.WorkerId,
                WorkerRanking.Distance(worker, query.Latitude, query.Longitude),
                loads[worker.WorkerId].RecentOrders,
                worker.Rating)));
    }

    [Activity(MatchingActivityNames.OpenOffer)]
    public async Task OpenOfferAsync(OfferRecord offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        db.Offers.Add(new Offer
        {
            Id = offer.OfferId,
            OrderId = offer.OrderId,
            WorkerId = offer.WorkerId,
            Status = OfferStatus.Open,
            OfferedAt = offer.OfferedAt,
            ExpiresAt = offer.ExpiresAt,
        });
        await db.SaveOnceAsync(ActivityExecutionContext.Current.CancellationToken);
    }

    /// <summary>Only an open offer moves, so a retry, or a cancellation that withdrew the offer first, changes nothing.</summary>
    [Activity(MatchingActivityNames.CloseOffer)]
    public Task CloseOfferAsync(OfferClosing closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        return db.Offers
            .Where(offer => offer.Id == closing.OfferId && offer.Status == OfferStatus.Open)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(offer => offer.Status, closing.Status).SetProperty(offer => offer.AnsweredAt, closing.At),
                ActivityExecutionContext.Current.CancellationToken);
    }

    private sealed record WorkerLoad(string WorkerId, bool Busy, int RecentOrders);
}
