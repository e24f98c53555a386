using HelperPlatform.Workflows.Onboarding;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Onboarding.WorkerPool;

/// <summary>Quality verdicts on workers' orders, told by Ordering, and the ratings matching ranks by.</summary>
public sealed class WorkerReviewActivities(OnboardingDbContext db) : IWorkerReviewActivities
{
    /// <summary>
    /// Records the verdict once per order and sets the worker's rating from all their recorded reviews, in one
    /// transaction holding the worker's pool row, so concurrent reviews of one worker are each counted.
    /// A worker outside the pool (assigned by hand) has the review recorded but no rating to set.
    /// </summary>
    /// <returns>The worker's rating after this review (also when a retry finds it counted already); null outside the pool.</returns>
    [Activity]
    public async Task<decimal?> RecordWorkerReviewAsync(WorkerReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var workerId = Guid.Parse(review.WorkerId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recorded = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO onboarding.worker_reviews (order_id, worker_id, passed, reviewed_at)
            VALUES ({review.OrderId}, {workerId}, {review.Passed}, {review.ReviewedAt})
            ON CONFLICT (order_id) DO NOTHING
            """,
            cancellationToken);
        var member = await db.WorkerPool
            .FromSql($"SELECT * FROM onboarding.worker_pool WHERE account_id = {workerId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (recorded == 1 && member is not null)
        {
            var counts = await db.WorkerReviews
                .Where(counted => counted.WorkerId == workerId)
                .GroupBy(counted => counted.WorkerId)
                .Select(reviews => new { Reviewed = reviews.Count(), Passed = reviews.Count(counted => counted.Passed) })
                .SingleAsync(cancellationToken);
            member.Rating = WorkerRating.Of(counts.Reviewed, counts.Passed);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return member?.Rating;
    }
}
