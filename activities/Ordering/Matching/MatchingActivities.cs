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
    /// (<see cref="WorkerRanking"/>).
    /// </summary>
    [Activity(MatchingActivityNames.RankCandidates)]
    public async Task<IReadOnlyList<MatchCandidate>> RankCandidatesAsync(CandidateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var ids = query.Pool.Select(worker => worker.WorkerId).ToList();
        var booked = await db.WorkerBookings
            .Where(booking => ids.Contains(booking.WorkerId) && booking.ReleasedAt == null
                && booking.WindowStart < query.WindowEnd && booking.WindowEnd > query.WindowStart)
            .Select(booking => booking.WorkerId)
            .ToListAsync(cancellationToken);
        var offeredOverlapping = await db.Offers
            .Where(offer => ids.Contains(offer.WorkerId) && offer.Status == OfferStatus.Open && offer.OrderId != query.OrderId)
            .Join(db.Orders, offer => offer.OrderId, order => order.Id, (offer, order) => new { offer.WorkerId, order.WindowStart, order.WindowEnd })
            .Where(offered => offered.WindowStart < query.WindowEnd && offered.WindowEnd > query.WindowStart)
            .Select(offered => offered.WorkerId)
            .ToListAsync(cancellationToken);
        var busy = booked.Concat(offeredOverlapping).ToHashSet(StringComparer.Ordinal);
        var since = query.AsOf - WorkerRanking.FairnessPeriod;
        // An accepted offer is also a booking: orders are counted once (the union), however they reached the
        // worker, and PostgreSQL counts them, so a matching round reads one row per worker whatever the history.
        var recentOrders = await db.Offers
            .Where(offer => ids.Contains(offer.WorkerId) && offer.OfferedAt >= since && offer.OrderId != query.OrderId)
            .Select(offer => new { offer.WorkerId, offer.OrderId })
            .Union(db.WorkerBookings
                .Where(booking => ids.Contains(booking.WorkerId) && booking.BookedAt >= since)
                .Select(booking => new { booking.WorkerId, booking.OrderId }))
            .GroupBy(work => work.WorkerId)
            .Select(group => new { WorkerId = group.Key, Orders = group.Count() })
            .ToDictionaryAsync(work => work.WorkerId, work => work.Orders, StringComparer.Ordinal, cancellationToken);
        return WorkerRanking.Rank(query.Pool
            .Where(worker => !busy.Contains(worker.WorkerId))
            .Select(worker => new MatchCandidate(
                worker.WorkerId,
                WorkerRanking.Distance(worker, query.Latitude, query.Longitude),
                recentOrders.GetValueOrDefault(worker.WorkerId),
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
}
