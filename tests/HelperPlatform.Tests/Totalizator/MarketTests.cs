using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Totalizator;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>Markets over HTTP, from opening to payout, against a host with time skipping: bets, refusals, resolution, cancellation.</summary>
public sealed class MarketTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private static readonly string[] EightOutcomes = ["A", "B", "C", "D", "E", "F", "G", "H"];

    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task WorkedExample_FromOpeningToPayout_SettlesExactly()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        decimal[] stakes = [30m, 70m, 12m, 55m, 110m, 47m, 150m, 40m];
        var bettors = new List<Manager>();
        foreach (var _ in stakes)
        {
            bettors.Add(await Host.NewManagerAsync(ops, 500m));
        }

        var judge = await Host.NewManagerAsync(ops, 0m);
        var closesAt = Host.InAnHour();
        var marketId = await bettors[0].OpenMarketAsync(EightOutcomes, closesAt, 0.1425m);
        var bets = new List<Guid>();
        for (var outcome = 0; outcome < stakes.Length; outcome++)
        {
            bets.Add(await bettors[outcome].BetAsync(marketId, outcome, stakes[outcome]));
        }

        for (var outcome = 0; outcome < stakes.Length; outcome++)
        {
            var placed = await bettors[outcome].DecidedBetAsync(bets[outcome]);
            Assert.Equal((BetState.Placed, (string?)null, (long?)outcome + 1), (placed.State, placed.Refusal, placed.Sequence));
        }

        var board = await judge.BoardAsync(marketId);
        Assert.Equal((514.00m, 8), (board.Gross, board.BetsPlaced));
        Assert.Equal(stakes, board.Outcomes.Select(outcome => outcome.Pool));
        Assert.Equal(8.00m, board.Outcomes[3].Price);

        await Host.CloseAsync(judge, marketId, closesAt);
        using var resolved = await judge.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/resolution", new { winningOutcome = 3 });

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(MarketState.Settled, (await resolved.Content.ReadFromJsonAsync<MarketEnded>(TotalizatorApi.Json))!.State);
        var settled = await judge.BoardAsync(marketId);
        Assert.Equal((3, 8.00m, 73.24m, 0.76m, 0m), (settled.WinningOutcome, settled.Price, settled.Takeout, settled.Breakage, settled.MinusPool));
        Assert.Equal(500m - 55m + 440m, await bettors[3].BalanceAsync());
        Assert.Equal(500m - 30m, await bettors[0].BalanceAsync());
        var winner = await bettors[3].DecidedBetAsync(bets[3]);
        Assert.Equal((BetState.Won, (decimal?)440m), (winner.State, winner.Returned));
        Assert.Equal(BetState.Lost, (await bettors[0].DecidedBetAsync(bets[0])).State);
        Assert.Equal(0m, await Host.SumOfAllAccountsAsync());

        var leaderboard = await judge.Client.GetFromJsonAsync<List<LeaderboardLine>>(
            $"/api/totalizator/leaderboard?month={settled.ClosesAt:yyyy-MM}", TotalizatorApi.Json);
        Assert.Contains(leaderboard!, line => line.ManagerId == bettors[3].Id && line.NetWinnings == 385m);
    }

    [Fact]
    public async Task Favourite_Wins_TheHousePaysTheMinusPool()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var favourite = await Host.NewManagerAsync(ops, 1000m);
        var outsider = await Host.NewManagerAsync(ops, 1000m);
        var judge = await Host.NewManagerAsync(ops, 0m);
        var closesAt = Host.InAnHour();
        var marketId = await judge.OpenMarketAsync(["Yes", "No"], closesAt, 0.15m);
        await favourite.DecidedBetAsync(await favourite.BetAsync(marketId, 0, 950m));
        await outsider.DecidedBetAsync(await outsider.BetAsync(marketId, 1, 50m));

        await Host.CloseAsync(judge, marketId, closesAt);
        using var resolved = await judge.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/resolution", new { winningOutcome = 0 });

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var board = await judge.BoardAsync(marketId);
        Assert.Equal((1.05m, 150m, 147.50m), (board.Price, board.Takeout, board.MinusPool));
        Assert.Equal(1000m - 950m + 997.50m, await favourite.BalanceAsync());
        Assert.Equal(0m, await Host.SumOfAllAccountsAsync());
    }

    [Fact]
    public async Task Market_KeepsTheSettlementRulesItOpenedWith_WhenAnotherProcessHasOthers()
    {
        await using var stricter = await PlatformHost.StartBesideAsync(Host, "Totalizator:MinimumPrice=1.50");
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var favourite = await Host.NewManagerAsync(ops, 2000m);
        var outsider = await Host.NewManagerAsync(ops, 2000m);
        var judge = await stricter.NewManagerAsync(ops, 0m);
        var closesAt = Host.InAnHour();
        var openedHere = await favourite.OpenMarketAsync(["Yes", "No"], closesAt, 0.15m);
        var openedThere = await judge.OpenMarketAsync(["Yes", "No"], closesAt, 0.15m);
        foreach (var marketId in new[] { openedHere, openedThere })
        {
            await favourite.DecidedBetAsync(await favourite.BetAsync(marketId, 0, 950m));
            await outsider.DecidedBetAsync(await outsider.BetAsync(marketId, 1, 50m));
        }

        // Each board is read through the other process: the market's own rules price the favourite, not the reader's.
        Assert.Equal(1.05m, (await judge.BoardAsync(openedHere)).Outcomes[0].Price);
        Assert.Equal(1.50m, (await favourite.BoardAsync(openedThere)).Outcomes[0].Price);
        await Host.CloseAsync(judge, openedThere, closesAt);
        using var resolved = await judge.Client.PostAsJsonAsync($"/api/totalizator/markets/{openedThere}/resolution", new { winningOutcome = 0 });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var settled = await judge.BoardAsync(openedThere);
        Assert.Equal((1.50m, 575m), (settled.Price, settled.MinusPool));
        Assert.Equal(2000m - 950m - 950m + 1425m, await favourite.BalanceAsync());
    }

    [Fact]
    public async Task Bets_RefusedForBalanceStakeOutcomeAndLateness_DebitNothing()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await Host.NewManagerAsync(ops, 10m);
        var closesAt = Host.InAnHour();
        var marketId = await bettor.OpenMarketAsync(["Yes", "No"], closesAt, 0.1m);

        using var aboveBalance = await bettor.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome = 0, stake = 10.01m });
        using var belowMinimum = await bettor.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome = 0, stake = 0.99m });
        using var unknownOutcome = await bettor.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome = 2, stake = 1m });

        await AssertRefusedAsync(aboveBalance, HttpStatusCode.UnprocessableEntity, "InsufficientBalance");
        Assert.Equal(HttpStatusCode.BadRequest, belowMinimum.StatusCode);
        Assert.Contains("stake", (await belowMinimum.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(field => field.Name));
        await AssertRefusedAsync(unknownOutcome, HttpStatusCode.UnprocessableEntity, "UnknownOutcome");

        await Host.CloseAsync(bettor, marketId, closesAt);
        using var late = await bettor.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome = 0, stake = 1m });

        await AssertRefusedAsync(late, HttpStatusCode.Conflict, "MarketClosed");
        Assert.Equal(10m, await bettor.BalanceAsync());
        Assert.Equal(0, (await bettor.BoardAsync(marketId)).BetsPlaced);
    }

    [Fact]
    public async Task LateBet_ReachingTheWorkflowAfterTheClose_IsRefusedAndDebitsNothing()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await Host.NewManagerAsync(ops, 10m);
        var closesAt = Host.InAnHour();
        var marketId = await bettor.OpenMarketAsync(["Yes", "No"], closesAt, 0.1m);
        await Host.CloseAsync(bettor, marketId, closesAt);

        // As a bet the API accepted just before the close would reach the workflow just after it.
        var bet = await Host.StoreSubmittedBetAsync(marketId, bettor, 0, 5m);
        await Host.SignalBetAsync(marketId, bet);
        var decided = await bettor.DecidedBetAsync(bet.BetId);

        Assert.Equal((BetState.Refused, nameof(BetRefusal.MarketClosed)), (decided.State, decided.Refusal));
        Assert.Equal(10m, await bettor.BalanceAsync());
    }

    [Fact]
    public async Task ConcurrentBets_AgainstOneWallet_NeverTakeItBelowZero()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await Host.NewManagerAsync(ops, 10m);
        var opener = await Host.NewManagerAsync(ops, 0m);
        var first = await opener.OpenMarketAsync(["Yes", "No"], Host.InAnHour(), 0.1m);
        var second = await opener.OpenMarketAsync(["Red", "Blue"], Host.InAnHour(), 0.1m);

        // The API refuses at once only a stake above the balance it reads; the rest race to the two workflows, which decide.
        var requests = await Task.WhenAll(Enumerable.Range(0, 24).Select(index =>
            bettor.Client.PostAsJsonAsync($"/api/totalizator/markets/{(index % 2 == 0 ? first : second)}/bets", new { outcome = index % 2, stake = 1m })));
        var accepted = requests.Where(response => response.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.All(requests.Except(accepted), response => Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode));
        var betIds = await Task.WhenAll(accepted.Select(async response => (await response.Content.ReadFromJsonAsync<BetAccepted>(TotalizatorApi.Json))!.BetId));
        var decided = await Task.WhenAll(betIds.Select(bettor.DecidedBetAsync));

        Assert.Equal(10, decided.Count(bet => bet.State == BetState.Placed));
        Assert.All(decided.Where(bet => bet.State != BetState.Placed), bet => Assert.Equal(nameof(BetRefusal.InsufficientBalance), bet.Refusal));
        Assert.Equal(0m, await bettor.BalanceAsync());
        Assert.Equal(10m, (await opener.BoardAsync(first)).Gross + (await opener.BoardAsync(second)).Gross);
        Assert.Equal(0m, await Host.SumOfAllAccountsAsync());
    }

    [Fact]
    public async Task Resolution_RefusedWhileOpen_ForAnUnknownOutcome_AndToAManagerWhoStaked()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await Host.NewManagerAsync(ops, 20m);
        var closesAt = Host.InAnHour();
        var marketId = await bettor.OpenMarketAsync(["Yes", "No"], closesAt, 0.1m);
        await bettor.DecidedBetAsync(await bettor.BetAsync(marketId, 1, 5m));
        var resolution = $"/api/totalizator/markets/{marketId}/resolution";

        using var whileOpen = await bettor.Client.PostAsJsonAsync(resolution, new { winningOutcome = 0 });
        await Host.CloseAsync(bettor, marketId, closesAt);
        using var byBettor = await bettor.Client.PostAsJsonAsync(resolution, new { winningOutcome = 0 });
        var judge = await Host.NewManagerAsync(ops, 0m);
        using var unknown = await judge.Client.PostAsJsonAsync(resolution, new { winningOutcome = 7 });

        await AssertRefusedAsync(whileOpen, HttpStatusCode.Conflict, MarketRefusals.WrongState);
        await AssertRefusedAsync(byBettor, HttpStatusCode.Conflict, MarketRefusals.StakedOnMarket);
        await AssertRefusedAsync(unknown, HttpStatusCode.UnprocessableEntity, MarketRefusals.UnknownOutcome);
        Assert.Equal(MarketState.Closed, (await judge.BoardAsync(marketId)).State);
    }

    [Fact]
    public async Task NobodyPickedTheWinner_EveryStakeIsRefunded()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var bettor = await Host.NewManagerAsync(ops, 20m);
        var judge = await Host.NewManagerAsync(ops, 0m);
        var closesAt = Host.InAnHour();
        var marketId = await judge.OpenMarketAsync(["Yes", "No", "Maybe"], closesAt, 0.3m);
        var betId = await bettor.BetAsync(marketId, 1, 7.77m);
        await bettor.DecidedBetAsync(betId);

        await Host.CloseAsync(judge, marketId, closesAt);
        using var resolved = await judge.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/resolution", new { winningOutcome = 2 });

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal((BetState.Refunded, (decimal?)7.77m), ((await bettor.DecidedBetAsync(betId)).State, (await bettor.DecidedBetAsync(betId)).Returned));
        Assert.Equal(20m, await bettor.BalanceAsync());
        Assert.Equal(0m, (await judge.BoardAsync(marketId)).Takeout);
    }

    [Fact]
    public async Task Cancel_BeforeResolution_RefundsEveryStake_AndRefusesLaterBets()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var first = await Host.NewManagerAsync(ops, 50m);
        var second = await Host.NewManagerAsync(ops, 50m);
        var marketId = await first.OpenMarketAsync(["Yes", "No"], Host.InAnHour(), 0.2m);
        var bets = new[] { await first.BetAsync(marketId, 0, 12.34m), await second.BetAsync(marketId, 1, 40m) };
        await first.DecidedBetAsync(bets[0]);
        await second.DecidedBetAsync(bets[1]);

        using var cancelled = await second.Client.PostAsync($"/api/totalizator/markets/{marketId}/cancellation", null);
        using var again = await second.Client.PostAsync($"/api/totalizator/markets/{marketId}/cancellation", null);
        using var late = await first.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome = 0, stake = 1m });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(MarketState.Cancelled, (await cancelled.Content.ReadFromJsonAsync<MarketEnded>(TotalizatorApi.Json))!.State);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await AssertRefusedAsync(late, HttpStatusCode.Conflict, "MarketClosed");
        Assert.Equal((50m, 50m), (await first.BalanceAsync(), await second.BalanceAsync()));
        Assert.Equal(BetState.Refunded, (await first.DecidedBetAsync(bets[0])).State);
        Assert.Equal(0m, await Host.SumOfAllAccountsAsync());
    }

    [Fact]
    public async Task Grant_SentTwice_CreditsOnce_AndAManagerCannotGrant()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var manager = await Host.NewManagerAsync(ops, 0m);
        var grant = new { grantId = Guid.NewGuid(), points = 25.50m };

        using var granted = await ops.PostAsJsonAsync($"/api/totalizator/wallets/{manager.Id}/grants", grant);
        using var repeated = await ops.PostAsJsonAsync($"/api/totalizator/wallets/{manager.Id}/grants", grant);
        using var reused = await ops.PostAsJsonAsync($"/api/totalizator/wallets/{manager.Id}/grants", grant with { points = 1m });
        using var byManager = await manager.Client.PostAsJsonAsync($"/api/totalizator/wallets/{manager.Id}/grants", new { grantId = Guid.NewGuid(), points = 1m });
        using var toNobody = await ops.PostAsJsonAsync($"/api/totalizator/wallets/{Guid.NewGuid()}/grants", new { grantId = Guid.NewGuid(), points = 1m });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict), (granted.StatusCode, repeated.StatusCode, reused.StatusCode));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (byManager.StatusCode, toNobody.StatusCode));
        var history = await manager.Client.GetFromJsonAsync<WalletHistory>("/api/totalizator/wallets/me", TotalizatorApi.Json);
        Assert.Equal(25.50m, history!.Balance);
        Assert.Equal(25.50m, Assert.Single(history.Movements).Amount);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string refusal)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(refusal, problem.GetProperty("refusal").GetString());
    }
}
