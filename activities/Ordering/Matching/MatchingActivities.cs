using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Ordering.Matching;

/// <summary>Matching's side of the ordering schema: who is free, how much work each got lately, and the offers.</summary>
public sealed class MatchingActivities(OrderingDbContext db, TimeProvider time) : IMatchingActivities
{
    private readonly CandidateRanking ranking = new(db);

    /// <summary>
    /// One matching round in one write: ranks the free pool workers (<see cref="CandidateRanking"/>), opens the offer
    /// to the best one not yet asked, and stores the order's record of the matching step's start with it when the
    /// round carries one (the first round). The offer's id is the workflow's, so a retry after the write answers the
    /// worker it stored, even if the ranking has moved since.
    /// </summary>
    /// <returns>The worker offered the order; null when nobody free is left to ask.</returns>
    [Activity]
    public async Task<string?> OfferToBestCandidateAsync(OfferRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var ranked = await ranking.RankAsync(round.Query, round.OfferId, cancellationToken);
        if (ranked.OfferedBefore is { } earlier)
        {
            return earlier;
        }

        var asked = round.Asked.ToHashSet(StringComparer.Ordinal);
        var best = ranked.Free.FirstOrDefault(candidate => !asked.Contains(candidate.WorkerId));
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

    /// <summary>Only an open offer moves, so a retry, or a cancellation that withdrew the offer first, changes nothing.</summary>
    [Activity]
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
