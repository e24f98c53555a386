namespace HelperPlatform.Workflows.Totalizator;

/// <summary>
/// The parimutuel rules a market is settled by (docs/totalizator.md, "Settlement"): the profit per 1.00 staked is
/// rounded down to <see cref="BreakStep"/>, and a winner is never paid less than <see cref="MinimumPrice"/> per 1.00.
/// </summary>
public sealed record SettlementRules(decimal BreakStep, decimal MinimumPrice)
{
    /// <summary>The defaults of <c>Totalizator:BreakStep</c> and <c>Totalizator:MinimumPrice</c>, which are checked at start-up.</summary>
    public static readonly SettlementRules Default = new(0.10m, 1.05m);
}

/// <summary>One accepted bet as settlement sees it: who gets what back is decided per bet.</summary>
public sealed record StakedBet(Guid BetId, int Outcome, decimal Stake);

/// <summary>What one bet receives at settlement: its winnings, or its stake back when the market refunds.</summary>
public sealed record BetReturn(Guid BetId, decimal Amount);

/// <summary>
/// A market's settlement: every figure the rules name, and what each bet receives (losing bets receive nothing and
/// are not listed). <c>Payouts + Takeout + Breakage − MinusPool = Gross</c> always holds.
/// </summary>
public sealed record MarketSettlement(
    decimal Gross,
    decimal Takeout,
    decimal Net,
    decimal WinningPool,
    decimal? Price,
    decimal Paid,
    decimal Breakage,
    decimal MinusPool,
    bool Refunded,
    IReadOnlyList<BetReturn> Returns);

/// <summary>
/// "Calculate the winners": the settlement of docs/totalizator.md, rules 1–6, in exact <see cref="decimal"/>
/// arithmetic. Pure and deterministic, so the market workflow runs it itself.
/// </summary>
public static class Settlement
{
    /// <summary>Settles a market whose winning outcome is <paramref name="winningOutcome"/> (rules 1–5).</summary>
    public static MarketSettlement Settle(IReadOnlyList<StakedBet> bets, int winningOutcome, decimal takeoutRate, SettlementRules rules)
    {
        var gross = bets.Sum(bet => bet.Stake);
        var winningPool = bets.Where(bet => bet.Outcome == winningOutcome).Sum(bet => bet.Stake);

        // Rule 2: nobody or everybody picked the winner, so there is nobody to pay from anybody else's stake.
        if (winningPool == 0m || winningPool == gross)
        {
            return Refund(bets);
        }

        // Rule 1: the takeout is rounded down, so the house never takes a fraction of a point more than its rate.
        var takeout = RoundDownToCents(gross * takeoutRate);
        var net = gross - takeout;
        var price = Price(net, winningPool, rules);

        // Rule 4: each winner's payout is rounded down to 0.01; what is left over is breakage.
        var returns = bets
            .Where(bet => bet.Outcome == winningOutcome)
            .Select(bet => new BetReturn(bet.BetId, RoundDownToCents(bet.Stake * price)))
            .ToList();
        var paid = returns.Sum(payout => payout.Amount);

        // Rule 5: the house keeps what the rounding left of the net pool, or pays what the minimum price added.
        return new MarketSettlement(
            gross, takeout, net, winningPool, price, paid,
            Breakage: Math.Max(0m, net - paid),
            MinusPool: Math.Max(0m, paid - net),
            Refunded: false,
            returns);
    }

    /// <summary>Rule 6 (and rule 2): every stake back in full, no takeout.</summary>
    public static MarketSettlement Refund(IReadOnlyList<StakedBet> bets)
    {
        var gross = bets.Sum(bet => bet.Stake);
        return new MarketSettlement(
            gross, Takeout: 0m, Net: gross, WinningPool: 0m, Price: null, Paid: gross, Breakage: 0m, MinusPool: 0m, Refunded: true,
            bets.Select(bet => new BetReturn(bet.BetId, bet.Stake)).ToList());
    }

    /// <summary>
    /// The price per 1.00 each outcome would pay if the market closed now, for the tote board: null for an outcome
    /// nobody staked on, 1.00 where rule 2 would refund.
    /// </summary>
    public static IReadOnlyList<decimal?> Prices(IReadOnlyList<decimal> poolPerOutcome, decimal takeoutRate, SettlementRules rules)
    {
        var gross = poolPerOutcome.Sum();
        var net = gross - RoundDownToCents(gross * takeoutRate);
        return poolPerOutcome
            .Select(pool => pool == 0m ? (decimal?)null : pool == gross ? 1.00m : Price(net, pool, rules))
            .ToList();
    }

    /// <summary>Rule 3: P = 1 + (N − W) / W rounded down to the break step, at least the minimum price.</summary>
    private static decimal Price(decimal net, decimal winningPool, SettlementRules rules)
    {
        var price = 1m + rules.BreakStep * WholeStepsTowardZero(net - winningPool, winningPool * rules.BreakStep);
        return Math.Max(price, rules.MinimumPrice);
    }

    /// <summary>
    /// The number of whole <paramref name="step"/>s in <paramref name="amount"/>, truncated toward zero and decided by
    /// exact multiplication: a 28-digit quotient could round up onto a step boundary the exact quotient never reaches.
    /// </summary>
    private static decimal WholeStepsTowardZero(decimal amount, decimal step)
    {
        var magnitude = Math.Abs(amount);
        var steps = decimal.Truncate(magnitude / step);
        while (steps * step > magnitude)
        {
            steps--;
        }

        while ((steps + 1) * step <= magnitude)
        {
            steps++;
        }

        return amount < 0m ? -steps : steps;
    }

    /// <summary>Toward zero to 0.01, the rules' "round down".</summary>
    public static decimal RoundDownToCents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.ToZero);
}
