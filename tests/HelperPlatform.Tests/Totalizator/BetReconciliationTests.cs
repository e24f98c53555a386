using System.Net;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Totalizator;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>
/// Bets the API stored (202) that no market's workflow decided: the host stopped between storing one and signalling
/// its market, or the signal met the market's end. The bet reconciliation, here every second with no grace, signals
/// them again or refuses them; a market takes each bet id once however often it is signalled.
/// </summary>
public sealed class BetReconciliationTests : IAsyncLifetime
{
    private PlatformHost host = null!;

    public async Task InitializeAsync()
    {
        host = await PlatformHost.StartAsync("Totalizator:BetReconciliationPeriod=00:00:01", "Totalizator:BetGrace=00:00:00");
        await host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task BetStoredButNeverSignalled_IsPlacedByTheReconciliation_AndDebitedOnce()
    {
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await host.NewManagerAsync(ops, 100m);
        var marketId = await bettor.OpenMarketAsync(["Yes", "No"], host.InAnHour(), 0.15m);

        var betId = (await host.StoreSubmittedBetAsync(marketId, bettor, 0, 40m)).BetId;

        var bet = await bettor.DecidedBetAsync(betId);
        Assert.Equal((BetState.Placed, (string?)null, (long?)1), (bet.State, bet.Refusal, bet.Sequence));
        Assert.Equal(60m, await bettor.BalanceAsync());
        var board = await bettor.BoardAsync(marketId);
        Assert.Equal((40m, 1), (board.Gross, board.BetsPlaced));
    }

    [Fact]
    public async Task BetStoredForAMarketThatHasEnded_IsRefusedAsMarketClosed_AndDebitsNothing()
    {
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await host.NewManagerAsync(ops, 100m);
        var marketId = await bettor.OpenMarketAsync(["Yes", "No"], host.InAnHour(), 0.15m);
        using (var cancelled = await bettor.Client.PostAsync($"/api/totalizator/markets/{marketId}/cancellation", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        var betId = (await host.StoreSubmittedBetAsync(marketId, bettor, 0, 40m)).BetId;

        var bet = await bettor.DecidedBetAsync(betId);
        Assert.Equal((BetState.Refused, nameof(BetRefusal.MarketClosed)), (bet.State, bet.Refusal));
        Assert.Equal(100m, await bettor.BalanceAsync());
    }

    [Fact]
    public async Task BetSignalledAgain_IsTakenOnce()
    {
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await host.NewManagerAsync(ops, 100m);
        var marketId = await bettor.OpenMarketAsync(["Yes", "No"], host.InAnHour(), 0.15m);
        var first = await bettor.BetAsync(marketId, 0, 30m);
        await bettor.DecidedBetAsync(first);

        await host.SignalBetAsync(marketId, new BetSubmission(first, bettor.Id, 0, 30m));
        // Signals are taken in order, so once the next bet is decided the repeat has been seen.
        var second = await bettor.BetAsync(marketId, 1, 20m);

        var decided = await bettor.DecidedBetAsync(second);
        Assert.Equal((BetState.Placed, (long?)2), (decided.State, decided.Sequence));
        Assert.Equal(50m, await bettor.BalanceAsync());
        var board = await bettor.BoardAsync(marketId);
        Assert.Equal((50m, 2), (board.Gross, board.BetsPlaced));
    }
}
