using Temporalio.Activities;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// What other contexts tell the worker pool: a quality verdict on a worker's order, recorded by an activity on
/// the Onboarding queue, so that the pool's schema (and the rating rule) stay Onboarding's own.
/// </summary>
public interface IWorkerReviewActivities
{
    /// <summary>Records the verdict and recomputes the worker's rating; idempotent by order.</summary>
    /// <returns>The worker's rating after the review; null for a worker outside the pool.</returns>
    [Activity]
    Task<decimal?> RecordWorkerReviewAsync(WorkerReview review);
}

/// <summary>A manager's verdict on the photos of an order, about the worker who did it.</summary>
/// <param name="WorkerId">The assigned worker's account id.</param>
public sealed record WorkerReview(Guid OrderId, string WorkerId, bool Passed, DateTimeOffset ReviewedAt);

/// <summary>
/// Where a worker's rating starts before any review (docs/onboarding.md, "The worker pool"): everyone in the pool
/// passed their test sets, so they start as good as four passed reviews in five. Matching ranks an unrated worker
/// at this rating, so one failed review never puts a worker ahead of a newcomer.
/// </summary>
public static class WorkerRatingPrior
{
    /// <summary>Ratings run from 0 to this.</summary>
    public const decimal Scale = 5m;

    /// <summary>Everyone in the pool passed their test sets: they start as good as four passed reviews in five.</summary>
    public const decimal PassRate = 0.8m;

    /// <summary>How many reviews the prior counts for.</summary>
    public const decimal Weight = 2m;

    /// <summary>4.0.</summary>
    public const decimal Rating = Scale * PassRate;
}
