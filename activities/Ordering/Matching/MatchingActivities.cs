using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Matching;

/// <summary>Matching's side of the ordering schema: who is free, how much work each got lately, and the offers.</summary>
public sealed class MatchingActivities(OrderingDbContext db, TimeProvider time)
{
    /// <summary>
    /// Drops the pool workers who are not free for the order's window and ranks the rest (<see cref="LoadsAsync"/>,
    /// <see cref="WorkerRanking"/>). Orders started before the patch <c>matching-offers-in-one-write</c> rank with it and
    /// then open the offer with <see cref="OpenOfferAsync"/>.
    /// </summary>
    [Activity(MatchingActivityNames.RankCandidates)]
    public async Task<IReadOnlyList<MatchCandidate>> RankCandidatesAsync(CandidateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var loads = await LoadsAsync(query, offerId: null, ActivityExecutionContext.Current.CancellationToken);
        return Rank(query, loads);
    }

    /// <summary>
    /// One matching round in one write: ranks the free pool workers as <see cref="RankCandidatesAsync"/> does, opens
    /// the offer to the best one not yet asked, and stores the order's record of the matching step's start with it
    /// when the round carries one (the first round). The offer's id is the workflow's, so a retry after the write
    /// answers the worker it stored, even if the ranking has moved since.
    /// </summary>
    /// <returns>The worker offered the order; null when nobody free is left to ask.</returns>
    [Activity(MatchingActivityNames.OfferToBestCandidate)]
    public async Task<string?> OfferToBestCandidateAsync(OfferRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var loads = await LoadsAsync(round.Query, round.OfferId, cancellationToken);
        if (loads.Values.FirstOrDefault(load => load.OfferedBefore) is { } earlier)
        {
            return earlier.WorkerId;
        }

        var asked = round.Asked.ToHashSet(StringComparer.Ordinal);
        var best = Rank(round.Query, loads).FirstOrDefault(candidate => !asked.Contains(candidate.WorkerId));
        FormattableString? offer = null;
        if (best is not null)
        {
            offer = $"""
                INSERT INTO ordering.offers (id, order_id, worker_id, status, offered_at, expires_at)
                VALUES ({round.OfferId}, {round.Query.OrderId}, {best.WorkerId}, {nameof(OfferStatus.Open)}, {round.Query.AsOf.ToUniversalTime()}, {round.ExpiresAt.ToUniversalTime()})
                ON CONFLICT (id) DO NOTHING
                """;
        }

        if (round.StepStart is { } start)
        {
            var record = OrderRecords.Progress(start, time.GetUtcNow());
            var offeredAlongside = offer is null ? record : ((FormattableString)$", offered AS (").Then(offer).Then($")").Then(record);
            await db.ExecuteJournalledAsync(start.Events, offeredAlongside, cancellationToken);
        }
        else if (offer is not null)
        {
            await db.Database.ExecuteSqlAsync(offer, cancellationToken);
        }

        return best?.WorkerId;
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

    /// <summary>
    /// Drops the workers booked in a window overlapping the order's, and those asked about another order in an
    /// overlapping window who have not answered yet (they could take only one of the two). One statement reads both
    /// and each worker's recent orders: the offers made to them (an accepted offer is their booking) plus the orders a
    /// manager assigned to them by hand that they had not been offered, other than this order's offers; and, given
    /// <paramref name="offerId"/>, whom that offer went to already. The recent orders are the worker's counts of the
    /// whole hours in the fairness period (<see cref="WorkerLoad"/>) plus the offers and hand assignments of its first,
    /// partial hour, so a matching round reads at most a week of hours per worker, however many orders they had.
    /// </summary>
    private async Task<Dictionary<string, CandidateState>> LoadsAsync(CandidateQuery query, Guid? offerId, CancellationToken cancellationToken)
    {
        var ids = query.Pool.Select(worker => worker.WorkerId).Distinct(StringComparer.Ordinal).ToArray();
        var (start, end) = (query.WindowStart.ToUniversalTime(), query.WindowEnd.ToUniversalTime());
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
