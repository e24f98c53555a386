namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// What other contexts tell the worker pool: a quality verdict on a worker's order, recorded by an activity on
/// the Onboarding queue, so that the pool's schema (and the rating rule) stay Onboarding's own.
/// </summary>
public static class WorkerReviewNames
{
    /// <summary>Onboarding queue: records the verdict and recomputes the worker's rating; idempotent by order.</summary>
    public const string Record = "RecordWorkerReview";
}

/// <summary>A manager's verdict on the photos of an order, about the worker who did it.</summary>
/// <param name="WorkerId">The assigned worker's account id.</param>
public sealed record WorkerReview(Guid OrderId, string WorkerId, bool Passed, DateTimeOffset ReviewedAt);
