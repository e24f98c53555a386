using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Earnings;
using HelperPlatform.GoldenHat;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Workers' earnings: a completed order owes its worker the payout its pinned service type version fixed, posted
/// once however often the activity runs; a failed quality check keeps the service type's share of it.
/// </summary>
public sealed class EarningTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    /// <summary>The <c>workerPayout</c> of the documented example service type the test orders use.</summary>
    private const decimal ExamplePayout = 30.00m;

    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task CompletedOrder_OwesItsWorkerThePinnedPayout_PostedOnceWhenTheActivityIsRetried()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds);
        var earning = await WaitForEarningAsync(orderId);

        var retried = new WorkerEarning(
            orderId, earning.WorkerId, earning.ServiceTypeCode, earning.ServiceTypeVersion, earning.Currency, earning.Payout, earning.Quality,
            earning.KeptPercent, earning.Amount, earning.Rounding, earning.EarnedAt,
            LedgerEntries.Earned(WorkerEarning.EntryKey(orderId), earning.WorkerId, orderId, earning.Currency, earning.Amount, earning.EarnedAt));
        await RecordAsync(retried);
        await RecordAsync(retried);

        Assert.Equal((ExamplePayout, ExamplePayout, 100, QualityOutcome.NotReviewed), (earning.Payout, earning.Amount, earning.KeptPercent, earning.Quality));
        Assert.Equal(1, await WithAsync(db => db.LedgerEntries.CountAsync(entry => entry.IdempotencyKey == WorkerEarning.EntryKey(orderId))));
        Assert.Equal(-ExamplePayout, await OwedAsync(earning.WorkerId));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task FailedQualityCheck_KeepsTheServiceTypesShareOfThePayout()
    {
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds, qualityPassed: false, payoutPercent: 35);

        var earning = await WaitForEarningAsync(orderId);

        Assert.Equal((QualityOutcome.Failed, 35, 10.50m), (earning.Quality, earning.KeptPercent, earning.Amount));
        Assert.Equal("30.00 × 35 % = 10.50 → 10.50 (half away from zero)", earning.Rounding);
        Assert.Equal(-10.50m, await OwedAsync(earning.WorkerId));
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public void KeptShare_IsRoundedHalfAwayFromZeroToTheMinorUnit()
    {
        var order = new CompletedOrder(
            Guid.NewGuid(), "client", Guid.NewGuid(), "worker", "office-cookies", 1, "EUR", 45.00m, 12.35m, QualityOutcome.Failed, 100, 50, DateTimeOffset.UnixEpoch);

        var earning = WorkerEarning.Of(order, DateTimeOffset.UnixEpoch);

        Assert.Equal(6.18m, earning.Amount);
        Assert.True(earning.Entry.IsBalanced);
        Assert.Equal(WorkerEarning.EntryKey(order.OrderId), earning.Entry.IdempotencyKey);
    }

    private async Task<Earning> WaitForEarningAsync(Guid orderId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await WithAsync(db => db.Earnings.AsNoTracking().SingleOrDefaultAsync(earning => earning.OrderId == orderId)) is { } earning)
            {
                return earning;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Order {orderId} never earned its worker anything.");
            await Task.Delay(50);
        }
    }

    /// <summary>The worker's <c>WorkerPayables</c> balance: negative is what the platform owes them.</summary>
    private Task<decimal> OwedAsync(string workerId) =>
        WithAsync(db => db.LedgerPostings.Where(posting => posting.Account == LedgerAccount.WorkerPayables && posting.WorkerId == workerId).SumAsync(posting => posting.Amount));

    private async Task RecordAsync(WorkerEarning earning)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<EarningActivities>();
        await new ActivityEnvironment().RunAsync(() => activities.RecordEarningAsync(earning));
    }

    private async Task<T> WithAsync<T>(Func<InvoicingDbContext, Task<T>> read)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<InvoicingDbContext>());
    }
}
