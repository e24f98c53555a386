using HelperPlatform.Workflows.Onboarding;

namespace HelperPlatform.Activities.Onboarding.WorkerPool;

/// <summary>
/// A worker's rating (0–5) from the quality reviews of their orders (docs/onboarding.md, "The worker pool"): the
/// share of passed reviews, pulled towards a prior as if every worker started with <see cref="WorkerRatingPrior.Weight"/>
/// reviews passed at the rate <see cref="WorkerRatingPrior.PassRate"/>, so that one review cannot swing a new worker to 0 or 5.
/// </summary>
public static class WorkerRating
{
    /// <summary><c>round(5 × (passed + 2 × 0.8) / (reviewed + 2), 1)</c>, midpoints away from zero.</summary>
    public static decimal Of(int reviewed, int passed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passed, reviewed);
        var rating = WorkerRatingPrior.Scale * (passed + WorkerRatingPrior.Weight * WorkerRatingPrior.PassRate) / (reviewed + WorkerRatingPrior.Weight);
        return Math.Round(rating, 1, MidpointRounding.AwayFromZero);
    }
}
