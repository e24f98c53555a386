using System.Text.Json.Serialization;
using HelperPlatform.Workflows.Execution;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Ordering;

[JsonConverter(typeof(JsonStringEnumConverter<OfferStatus>))]
public enum OfferStatus
{
    Open,
    Accepted,
    Declined,
    Expired,
    Withdrawn,

    /// <summary>The worker accepted, but was booked for another order overlapping this one meanwhile; the next worker is asked.</summary>
    Busy,
}

/// <summary>An open offer of an order to one worker, as the workflow knows it while it waits for the answer.</summary>
public sealed record OfferRecord(Guid OfferId, Guid OrderId, string WorkerId, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt);

/// <summary>An offer leaves <see cref="OfferStatus.Open"/> for <paramref name="Status"/>.</summary>
public sealed record OfferClosing(Guid OfferId, OfferStatus Status, DateTimeOffset At);

/// <summary>
/// One matching round: offer the order to the best ranked free worker of <see cref="Query"/>'s pool not in
/// <paramref name="Asked"/>, as <paramref name="OfferId"/> (made at the query's <c>AsOf</c>, lapsing at
/// <paramref name="ExpiresAt"/>), and store <paramref name="StepStart"/>, the order's record of the matching step's
/// start, with it when given.
/// </summary>
public sealed record OfferRound(CandidateQuery Query, IReadOnlyList<string> Asked, Guid OfferId, DateTimeOffset ExpiresAt, OrderProgress? StepStart);

/// <summary>A worker's answer to an offer, sent to the order workflow as an update.</summary>
public sealed record OfferAnswer(Guid OfferId, string WorkerId, bool Accept);

/// <summary>The qualified pool workers for an order, to be narrowed to the free ones and ranked by Ordering.</summary>
/// <param name="AsOf">The workflow's clock: fairness counts the offers and assignments of the week before it.</param>
public sealed record CandidateQuery(
    Guid OrderId, double Latitude, double Longitude, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, DateTimeOffset AsOf, IReadOnlyList<Onboarding.PoolWorker> Pool);

/// <param name="DistanceMeters">From where the worker last said they are to the order's address; null when unknown.</param>
/// <param name="RecentOrders">Orders offered or assigned to the worker in the <see cref="WorkerRanking.FairnessPeriod"/> before the query.</param>
public sealed record MatchCandidate(string WorkerId, double? DistanceMeters, int RecentOrders, decimal? Rating);

/// <summary>
/// The order in which qualified, free workers are offered an order (docs/ordering.md, "Matching"): nearest
/// first; among workers equally near (within <see cref="DistanceBand"/>), the one with the fewest recent
/// orders, so work is spread; then the best rated; then the account id, so the order is total and replays
/// the same. An unknown position ranks after every known one; an unrated worker ranks at the rating every worker
/// starts from (<see cref="Onboarding.WorkerRatingPrior.Rating"/>).
/// </summary>
public static class WorkerRanking
{
    /// <summary>Distances are compared in bands: 300 m more or less is no reason to skip a fairer choice.</summary>
    public const double DistanceBand = 500;

    public static readonly TimeSpan FairnessPeriod = TimeSpan.FromDays(7);

    public static IReadOnlyList<MatchCandidate> Rank(IEnumerable<MatchCandidate> candidates) =>
    [
        .. candidates
            .OrderBy(candidate => candidate.DistanceMeters is { } meters ? Math.Floor(meters / DistanceBand) : double.MaxValue)
            .ThenBy(candidate => candidate.RecentOrders)
            .ThenByDescending(candidate => candidate.Rating ?? Onboarding.WorkerRatingPrior.Rating)
            .ThenBy(candidate => candidate.WorkerId, StringComparer.Ordinal),
    ];

    public static double? Distance(Onboarding.PoolWorker worker, double latitude, double longitude) =>
        worker.Latitude is { } workerLatitude && worker.Longitude is { } workerLongitude
            ? GeoDistance.Meters(workerLatitude, workerLongitude, latitude, longitude)
            : null;
}

/// <summary>Matching's records, local activities in the Ordering worker.</summary>
public interface IMatchingActivities
{
    /// <summary>
    /// Drops the pool workers booked in the order's window or holding an open offer of another order overlapping
    /// it, ranks the rest and opens an offer to the best worker not yet asked, in one activity and one write, with
    /// the matching step's start record on the first round; answers the worker offered, or null when nobody free is
    /// left.
    /// </summary>
    [Activity]
    Task<string?> OfferToBestCandidateAsync(OfferRound round);

    /// <summary>Moves an open offer to its answer or expiry (a closed offer stays as it is).</summary>
    [Activity]
    Task CloseOfferAsync(OfferClosing closing);
}
