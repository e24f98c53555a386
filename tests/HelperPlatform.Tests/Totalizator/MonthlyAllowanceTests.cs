using System.Globalization;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator.Housekeeping;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>The monthly allowance on its durable timer: every manager gets it at the start of each month (UTC), once.</summary>
public sealed class MonthlyAllowanceTests
{
    [Fact]
    public async Task NextMonth_EveryManagerIsGrantedTheAllowance_OnceHoweverOftenItRuns()
    {
        await using var host = await PlatformHost.StartAsync("Totalizator:MonthlyAllowance=25");
        await host.WaitUntilReadyAsync();
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        // This month's pass may run before or after the account exists; next month's finds it either way.
        var manager = await host.NewManagerAsync(ops, 0m);
        var now = host.Temporal.Now;
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var nextMonth = thisMonth.AddMonths(1);
        var nextMonthsKey = $"grant:allowance-{nextMonth:yyyy-MM}-{Guid.Parse(manager.Id):N}";

        // The timer was set when this month's pass ran, a little before now, so it is a little longer than the wait left.
        await host.SkipPastTimerAsync(MonthlyAllowanceWorkflow.Id, nextMonth - now + TimeSpan.FromHours(1));
        await TotalizatorApi.Eventually(async () => (await WalletAsync(manager)).Movements.Any(movement => movement.Key == nextMonthsKey));
        // As if the activity were retried after its grants were written.
        var again = await GrantAsync(host, nextMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture));

        Assert.Equal((0, 25m), (again.Granted, again.Points));
        var wallet = await WalletAsync(manager);
        var months = new[] { thisMonth, nextMonth }.Select(month => $"grant:allowance-{month:yyyy-MM}-{Guid.Parse(manager.Id):N}").ToList();
        Assert.All(wallet.Movements, movement => Assert.Contains(movement.Key, months));
        Assert.Contains(nextMonthsKey, wallet.Movements.Select(movement => movement.Key));
        Assert.Equal(wallet.Movements.Count, wallet.Movements.Select(movement => movement.Key).Distinct().Count());
        Assert.Equal(25m * wallet.Movements.Count, wallet.Balance);
    }

    [Fact]
    public async Task NoAllowanceConfigured_GrantsNothing()
    {
        await using var host = await PlatformHost.StartAsync();
        await host.WaitUntilReadyAsync();
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        var manager = await host.NewManagerAsync(ops, 0m);

        var pass = await GrantAsync(host, host.Temporal.Now.ToString("yyyy-MM", CultureInfo.InvariantCulture));

        Assert.Equal((0, 0m), (pass.Granted, pass.Points));
        Assert.Equal(0m, await manager.BalanceAsync());
    }

    private static async Task<WalletHistory> WalletAsync(Manager manager) =>
        (await manager.Client.GetFromJsonAsync<WalletHistory>("/api/totalizator/wallets/me", TotalizatorApi.Json))!;

    private static async Task<AllowancePass> GrantAsync(PlatformHost host, string month)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var housekeeping = scope.ServiceProvider.GetRequiredService<TotalizatorHousekeepingActivities>();
        return await new ActivityEnvironment().RunAsync(() => housekeeping.GrantMonthlyAllowanceAsync(month));
    }
}
