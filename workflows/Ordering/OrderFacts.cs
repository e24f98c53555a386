using Temporalio.Activities;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>Where an order's quality review stands, as another context may ask it.</summary>
public enum QualityReviewFact
{
    /// <summary>The order is still running: a review may yet be recorded.</summary>
    Pending,
    Passed,
    Failed,

    /// <summary>The order ended (completed unsampled, or cancelled) without a review, or Ordering does not know it.</summary>
    NoReview,
}

/// <summary>Facts of Ordering's journal that other contexts ask for (the Totalizator's automatic resolvers), served on Ordering's task queue.</summary>
public interface IOrderFactsActivities
{
    /// <summary>How many orders completed (OrderCompleted) at or after <paramref name="from"/> and before <paramref name="until"/>.</summary>
    [Activity]
    Task<int> CountOrdersCompletedAsync(DateTimeOffset from, DateTimeOffset until);

    [Activity]
    Task<QualityReviewFact> QualityReviewOfAsync(Guid orderId);
}
