using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>
/// The rating rule (docs/onboarding.md, "The worker pool") and the activity that applies it, run directly
/// against the host's PostgreSQL database as the Onboarding worker would run it.
/// </summary>
public sealed class WorkerRatingTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    public static TheoryData<int, int, decimal> DocumentedPoints() => new()
    {
        { 1, 1, 4.3m },
        { 1, 0, 2.7m },
        { 2, 2, 4.5m },
        // 5 × 2.6 / 4 = 3.25 exactly: the midpoint goes away from zero, not to the even 3.2.
        { 2, 1, 3.3m },
        { 10, 10, 4.8m },
        { 10, 0, 0.7m },
        { 8, 6, 3.8m },
    };

    [Theory]
    [MemberData(nameof(DocumentedPoints))]
    public void Of_ReviewedAndPassed_IsTheDocumentedRating(int reviewed, int passed, decimal rating) =>
        Assert.Equal(rating, WorkerRating.Of(reviewed, passed));

    [Fact]
    public void Of_MorePassedThanReviewed_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkerRating.Of(1, 2));

    [Fact]
    public async Task Record_APassThenAFail_RatesFromBothAndARetryCountsOnce()
    {
        var worker = await JoinPoolAsync();
        var passed = Review(worker, passed: true);
        var failed = Review(worker, passed: false);

        var afterPass = await RecordAsync(passed);
        var afterRetry = await RecordAsync(passed);
        var afterFail = await RecordAsync(failed);
        var afterFailRetry = await RecordAsync(failed with { Passed = true });

        Assert.Equal((4.3m, 4.3m), (afterPass, afterRetry));
        Assert.Equal((3.3m, 3.3m), (afterFail, afterFailRetry));
        Assert.Equal(3.3m, await RatingAsync(worker));
        var stored = await QueryAsync(db => db.WorkerReviews.Where(r => r.WorkerId == worker).ToDictionaryAsync(r => r.OrderId, r => r.Passed));
        Assert.Equal(new Dictionary<Guid, bool> { [passed.OrderId] = true, [failed.OrderId] = false }, stored);
    }

    [Fact]
    public async Task Record_ManyReviewsOfOneWorkerAtOnce_CountsEachOfThem()
    {
        var worker = await JoinPoolAsync();
        var reviews = Enumerable.Range(0, 6).Select(index => Review(worker, passed: index % 3 != 0)).ToList();

        await Task.WhenAll(reviews.Select(RecordAsync));

        // Four of six passed: 5 × 5.6 / 8.
        Assert.Equal(3.5m, await RatingAsync(worker));
        Assert.Equal(6, await QueryAsync(db => db.WorkerReviews.CountAsync(r => r.WorkerId == worker)));
    }

    [Fact]
    public async Task Record_ForAWorkerOutsideThePool_KeepsTheReviewAndRatesNobody()
    {
        var outsider = Guid.NewGuid();
        var review = Review(outsider, passed: true);

        var rating = await RecordAsync(review);

        Assert.Null(rating);
        Assert.True(await QueryAsync(db => db.WorkerReviews.AnyAsync(r => r.OrderId == review.OrderId && r.WorkerId == outsider)));
        Assert.False(await QueryAsync(db => db.WorkerPool.AnyAsync(member => member.AccountId == outsider)));
    }

    private static WorkerReview Review(Guid worker, bool passed) =>
        new(Guid.NewGuid(), worker.ToString(), passed, DateTimeOffset.UtcNow);

    /// <summary>An unrated pool row, as onboarding leaves it.</summary>
    private async Task<Guid> JoinPoolAsync()
    {
        var worker = Guid.NewGuid();
        await QueryAsync(db =>
        {
            db.WorkerPool.Add(new WorkerPoolMember
            {
                AccountId = worker,
                ApplicationId = Guid.NewGuid(),
                DisplayName = "Rated Worker",
                City = "Berlin",
                Skills = ["cookie-delivery"],
                AddedAt = DateTimeOffset.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        Assert.Null(await RatingAsync(worker));
        return worker;
    }

    /// <summary>Each call in its own scope, as each activity attempt gets its own.</summary>
    private async Task<decimal?> RecordAsync(WorkerReview review)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<WorkerReviewActivities>();
        return await new ActivityEnvironment().RunAsync(() => activities.RecordWorkerReviewAsync(review));
    }

    private Task<decimal?> RatingAsync(Guid worker) =>
        QueryAsync(db => db.WorkerPool.Where(member => member.AccountId == worker).Select(member => member.Rating).SingleAsync());

    private async Task<T> QueryAsync<T>(Func<OnboardingDbContext, Task<T>> query)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OnboardingDbContext>());
    }
}
