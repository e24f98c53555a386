using HelperPlatform.Workflows.Onboarding;

namespace HelperPlatform.Activities.Onboarding;

/// <summary>
/// A worker's rating (0–5) from the quality reviews of their orders (docs/onboarding.md, "The worker pool"): the
/// share of passed reviews, pulled towards a prior as if every worker started with <see cref="PriorWeight"/>
/// reviews passed at the rate <see cref="PriorPassRate"/>, so that one review cannot swing a new worker to 0 or 5.
/// </summary>
public static class WorkerRating
{
    public const decimal Scale = WorkerRatingPrior.Scale;

    /// <summary>Everyone in the pool passed their test sets: they start as good as four passed reviews in five (4.0).</summary>
    public const decimal PriorPassRate = WorkerRatingPrior.PassRate;

    /// <summary>How many reviews the prior counts for.</summary>
    public const decimal PriorWeight = 2m;

    /// <summary><c>round(5 × (passed + 2 × 0.8) / (reviewed + 2), 1)</c>, midpoints away from zero.</summary>
    public static decimal Of(int reviewed, int passed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passed, reviewed);
        var rating = Scale * (passed + PriorWeight * PriorPassRate) / (reviewed + PriorWeight);
        return Math.Round(rating, 1, MidpointRounding.AwayFromZero);
    }
}
