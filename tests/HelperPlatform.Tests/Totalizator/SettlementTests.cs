using HelperPlatform.Workflows.Totalizator;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>The settlement rules 1–6 of docs/totalizator.md, case by case and as a property over generated markets.</summary>
public sealed class SettlementTests
{
    private static readonly SettlementRules Rules = SettlementRules.Default;

    [Fact]
    public void WorkedExample_PaysEightPerPointAndKeepsTheBreakage()
    {
        decimal[] stakes = [30m, 70m, 12m, 55m, 110m, 47m, 150m, 40m];
        var bets = stakes.Select((stake, outcome) => new StakedBet(Guid.NewGuid(), outcome, stake)).ToList();

        var settlement = Settlement.Settle(bets, winningOutcome: 3, takeoutRate: 0.1425m, Rules);

        Assert.Equal(514.00m, settlement.Gross);
        Assert.Equal(73.24m, settlement.Takeout);
        Assert.Equal(440.76m, settlement.Net);
        Assert.Equal(8.00m, settlement.Price);
        Assert.Equal(440.00m, Assert.Single(settlement.Returns).Amount);
        Assert.Equal(440.00m, settlement.Paid);
        Assert.Equal(0.76m, settlement.Breakage);
        Assert.Equal(0m, settlement.MinusPool);
        AssertBalanced(settlement);
    }

    [Fact]
    public void Favourite_RaisedToTheMinimumPrice_TheHousePaysTheMinusPool()
    {
        var favourite = new StakedBet(Guid.NewGuid(), 0, 950m);
        var outsider = new StakedBet(Guid.NewGuid(), 1, 50m);

        var settlement = Settlement.Settle([favourite, outsider], winningOutcome: 0, takeoutRate: 0.15m, Rules);

        Assert.Equal(150m, settlement.Takeout);
        Assert.Equal(850m, settlement.Net);
        Assert.Equal(1.05m, settlement.Price);
        Assert.Equal(new BetReturn(favourite.BetId, 997.50m), Assert.Single(settlement.Returns));
        Assert.Equal(147.50m, settlement.MinusPool);
        Assert.Equal(0m, settlement.Breakage);
        AssertBalanced(settlement);
    }

    [Fact]
    public void StakesWithCents_PayoutsRoundDown_TheRestIsBreakage()
    {
        var small = new StakedBet(Guid.NewGuid(), 0, 3.33m);
        var large = new StakedBet(Guid.NewGuid(), 0, 7.00m);
        var loser = new StakedBet(Guid.NewGuid(), 1, 20.01m);

        var settlement = Settlement.Settle([small, large, loser], winningOutcome: 0, takeoutRate: 0.10m, Rules);

        // G = 30.34, T = 3.034 → 3.03, N = 27.31, W = 10.33; 16.98 / 10.33 = 1.643… → 1.60, P = 2.60.
        Assert.Equal(3.03m, settlement.Takeout);
        Assert.Equal(2.60m, settlement.Price);
        Assert.Equal([new BetReturn(small.BetId, 8.65m), new BetReturn(large.BetId, 18.20m)], settlement.Returns);
        Assert.Equal(0.46m, settlement.Breakage);
        AssertBalanced(settlement);
    }

    [Fact]
    public void NobodyPickedTheWinner_EveryStakeIsRefundedWithoutTakeout()
    {
        List<StakedBet> bets = [new(Guid.NewGuid(), 0, 10m), new(Guid.NewGuid(), 1, 12.34m)];

        var settlement = Settlement.Settle(bets, winningOutcome: 2, takeoutRate: 0.2m, Rules);

        AssertRefundsEveryStake(bets, settlement);
    }

    [Fact]
    public void EverybodyPickedTheWinner_EveryStakeIsRefundedWithoutTakeout()
    {
        List<StakedBet> bets = [new(Guid.NewGuid(), 1, 10m), new(Guid.NewGuid(), 1, 12.34m)];

        var settlement = Settlement.Settle(bets, winningOutcome: 1, takeoutRate: 0.2m, Rules);

        AssertRefundsEveryStake(bets, settlement);
    }

    [Fact]
    public void CancelledMarket_RefundsEveryStake()
    {
        List<StakedBet> bets = [new(Guid.NewGuid(), 0, 1m), new(Guid.NewGuid(), 3, 99.99m), new(Guid.NewGuid(), 3, 5.55m)];

        AssertRefundsEveryStake(bets, Settlement.Refund(bets));
    }

    [Fact]
    public void Prices_ForTheBoard_AreWhatEachOutcomeWouldPayIfItWon()
    {
        decimal[] pools = [30m, 70m, 12m, 55m, 110m, 47m, 150m, 40m, 0m];

        var prices = Settlement.Prices(pools, 0.1425m, Rules);

        Assert.Equal(8.00m, prices[3]);
        Assert.Null(prices[8]);
        var soleOutcome = Settlement.Prices([25m, 0m], 0.1425m, Rules);
        Assert.Equal([1.00m, null], soleOutcome);
    }

    [Fact]
    public void GeneratedMarkets_AlwaysBalance_AndFollowEveryRule()
    {
        var random = new Random(20);
        for (var market = 0; market < 5_000; market++)
        {
            var outcomes = random.Next(2, 21);
            var bets = Enumerable.Range(0, random.Next(1, 60))
                .Select(_ => new StakedBet(Guid.NewGuid(), random.Next(outcomes), random.Next(100, 50_001) / 100m))
                .ToList();
            var rate = random.Next(0, 3_001) / 10_000m;
            var winner = random.Next(outcomes);

            var settlement = Settlement.Settle(bets, winner, rate, Rules);

            AssertBalanced(settlement);
            Assert.True(settlement.Breakage >= 0m && settlement.MinusPool >= 0m);
            Assert.False(settlement.Breakage > 0m && settlement.MinusPool > 0m);
            if (settlement.Refunded)
            {
                AssertRefundsEveryStake(bets, settlement);
                continue;
            }

            Assert.Equal(Settlement.RoundDownToCents(settlement.Gross * rate), settlement.Takeout);
            var price = settlement.Price!.Value;
            var exactPrice = settlement.Net / settlement.WinningPool;
            Assert.True(price >= Rules.MinimumPrice);
            Assert.True(price == Rules.MinimumPrice || (price - 1m) % Rules.BreakStep == 0m);
            if (price > Rules.MinimumPrice)
            {
                // Rounded down to the step: at most the exact price, and one step more would exceed it.
                Assert.True(price * settlement.WinningPool <= settlement.Net);
                Assert.True((price + Rules.BreakStep) * settlement.WinningPool > settlement.Net);
                Assert.Equal(0m, settlement.MinusPool);
            }

            Assert.True(settlement.MinusPool == 0m || exactPrice < Rules.MinimumPrice);
            var winners = bets.Where(bet => bet.Outcome == winner).ToDictionary(bet => bet.BetId);
            Assert.Equal(winners.Keys.Order(), settlement.Returns.Select(payout => payout.BetId).Order());
            Assert.All(settlement.Returns, payout =>
            {
                var stake = winners[payout.BetId].Stake;
                Assert.Equal(Settlement.RoundDownToCents(stake * price), payout.Amount);
                Assert.True(payout.Amount >= Settlement.RoundDownToCents(stake * Rules.MinimumPrice));
            });
        }
    }

    private static void AssertBalanced(MarketSettlement settlement)
    {
        Assert.Equal(settlement.Returns.Sum(payout => payout.Amount), settlement.Paid);
        Assert.Equal(settlement.Gross, settlement.Paid + settlement.Takeout + settlement.Breakage - settlement.MinusPool);
    }

    private static void AssertRefundsEveryStake(IReadOnlyList<StakedBet> bets, MarketSettlement settlement)
    {
        Assert.True(settlement.Refunded);
        Assert.Equal(0m, settlement.Takeout);
        Assert.Equal(0m, settlement.Breakage);
        Assert.Equal(0m, settlement.MinusPool);
        Assert.Equal(bets.Select(bet => new BetReturn(bet.BetId, bet.Stake)), settlement.Returns);
        AssertBalanced(settlement);
    }
}
