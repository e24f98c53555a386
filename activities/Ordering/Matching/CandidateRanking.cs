using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Ordering.Matching;

/// <summary>The free workers of a matching round's pool, ranked, as one query reads them.</summary>
/// <param name="Free">The pool workers free for the order's window, in <see cref="WorkerRanking"/>'s order.</param>
/// <param name="OfferedBefore">The worker the round's offer went to already, when an earlier attempt of the round stored it.</param>
public sealed record RankedCandidates(IReadOnlyList<MatchCandidate> Free, string? OfferedBefore);

/// <summary>Who of a pool may be offered an order now, and in which order (docs/ordering.md, "Matching").</summary>
public sealed class CandidateRanking(OrderingDbContext db)
{
    /// <summary>The free workers of <paramref name="query"/>'s pool, ranked, and whom <paramref name="offerId"/> went to, if it was stored.</summary>
    public async Task<RankedCandidates> RankAsync(CandidateQuery query, Guid offerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var loads = await LoadsAsync(query, offerId, cancellationToken);
        return new RankedCandidates(Rank(query, loads), loads.Values.FirstOrDefault(load => load.OfferedBefore)?.WorkerId);
    }

    /// <summary>
    /// Drops the workers booked in a window overlapping the order's, and those asked about another order in an
    /// overlapping window who have not answered yet (they could take only one of the two); an offer still <c>Open</c>
    /// past its expiry (its workflow lost) blocks nobody. One statement reads both
    /// and each worker's recent orders: the offers made to them (an accepted offer is their booking) plus the orders a
    /// manager assigned to them by hand that they had not been offered, other than this order's offers; and whom
    /// <paramref name="offerId"/> went to already. The recent orders are the worker's counts of the whole hours in the
    /// fairness period (<see cref="WorkerLoad"/>) plus the offers and hand assignments of its first, partial hour, so a
    /// matching round reads at most a week of hours per worker, however many orders they had.
    /// </summary>
    private async Task<Dictionary<string, CandidateState>> LoadsAsync(CandidateQuery query, Guid offerId, CancellationToken cancellationToken)
    {
        var ids = query.Pool.Select(worker => worker.WorkerId).Distinct(StringComparer.Ordinal).ToArray();
        var (start, end) = (query.WindowStart.ToUniversalTime(), query.WindowEnd.ToUniversalTime());
        var asOf = query.AsOf.ToUniversalTime();
        var since = (query.AsOf - WorkerRanking.FairnessPeriod).ToUniversalTime();
        var wholeHoursFrom = WholeHourFrom(since);
        // The booking test is the shape of worker_bookings_no_overlap, so it reads that constraint's GiST index. This
        // order's offers are read once, by order (per worker, the planner read every recent offer of the worker).
        return await db.Database.SqlQuery<CandidateState>(
            $"""
            WITH this_order AS MATERIALIZED (
                SELECT mine.worker_id FROM ordering.offers AS mine WHERE mine.order_id = {query.OrderId} AND mine.offered_at >= {since})
            SELECT pool.worker_id,
                EXISTS (
                    SELECT 1 FROM ordering.worker_bookings AS b
                    WHERE b.worker_id = pool.worker_id AND b.released_at IS NULL
                        AND tstzrange(b.window_start, b.window_end) && tstzrange({start}, {end}))
                OR EXISTS (
                    SELECT 1 FROM ordering.offers AS o JOIN ordering.orders AS offered ON offered.id = o.order_id
                    WHERE o.worker_id = pool.worker_id AND o.status = {nameof(OfferStatus.Open)} AND o.order_id <> {query.OrderId}
                        AND o.expires_at > {asOf}
                        AND offered.window_start < {end} AND offered.window_end > {start}) AS busy,
                (SELECT coalesce(sum(l.orders), 0) FROM ordering.worker_loads AS l
                    WHERE l.worker_id = pool.worker_id AND l.hour >= {wholeHoursFrom})::int
                + (SELECT count(*) FROM ordering.offers AS o
                    WHERE o.worker_id = pool.worker_id AND o.offered_at >= {since} AND o.offered_at < {wholeHoursFrom})::int
                + (SELECT count(*) FROM ordering.worker_bookings AS b
                    WHERE b.worker_id = pool.worker_id AND b.offer_id IS NULL AND b.booked_at >= {since} AND b.booked_at < {wholeHoursFrom}
                        AND NOT EXISTS (SELECT 1 FROM ordering.offers AS asked WHERE asked.order_id = b.order_id AND asked.worker_id = b.worker_id))::int
                - (SELECT count(*) FROM this_order WHERE this_order.worker_id = pool.worker_id)::int AS recent_orders,
                EXISTS (SELECT 1 FROM ordering.offers AS made WHERE made.id = {offerId} AND made.worker_id = pool.worker_id) AS offered_before
            FROM unnest({ids}) AS pool (worker_id)
            """)
            .ToDictionaryAsync(load => load.WorkerId, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>The first whole hour (UTC) at or after <paramref name="instant"/>: where <see cref="WorkerLoad"/>'s counts take over.</summary>
    private static DateTimeOffset WholeHourFrom(DateTimeOffset instant)
    {
        var hourStart = new DateTimeOffset(instant.UtcDateTime.Date.AddHours(instant.UtcDateTime.Hour), TimeSpan.Zero);
        return hourStart == instant ? hourStart : hourStart.AddHours(1);
    }

    /// <summary>The free workers of the pool in <see cref="WorkerRanking"/>'s order.</summary>
    private static IReadOnlyList<MatchCandidate> Rank(CandidateQuery query, Dictionary<string, CandidateState> loads) =>
        WorkerRanking.Rank(query.Pool
            .Where(worker => !loads[worker.WorkerId].Busy)
            .Select(worker => new MatchCandidate(
                worker.WorkerId,
                WorkerRanking.Distance(worker, query.Latitude, query.Longitude),
                loads[worker.WorkerId].RecentOrders,
                worker.Rating)));

    private sealed record CandidateState(string WorkerId, bool Busy, int RecentOrders, bool OfferedBefore);
}
