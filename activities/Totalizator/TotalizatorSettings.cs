using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Workflows.Totalizator;

namespace HelperPlatform.Activities.Totalizator;

/// <summary>The totalizator's configuration (section <c>Totalizator</c>); docs/totalizator.md explains each setting.</summary>
public sealed class TotalizatorSettings
{
    public const string Section = "Totalizator";

    /// <summary>The profit per 1.00 staked is rounded down to a multiple of this; a market keeps the value it opened with.</summary>
    public decimal BreakStep { get; set; } = SettlementRules.Default.BreakStep;

    /// <summary>The least a winner is paid per 1.00 staked (the house pays the difference); a market keeps the value it opened with.</summary>
    public decimal MinimumPrice { get; set; } = SettlementRules.Default.MinimumPrice;

    /// <summary>Points every manager receives at the start of each month (UTC); 0, the default, grants none.</summary>
    public decimal MonthlyAllowance { get; set; }

    /// <summary>How often bets the API accepted but no market's workflow decided are looked for.</summary>
    public TimeSpan BetReconciliationPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A bet submitted more recently than this is left alone: its signal may be on its way.</summary>
    public TimeSpan BetGrace { get; set; } = TimeSpan.FromMinutes(2);

    public SettlementRules Rules => new(BreakStep, MinimumPrice);

    /// <summary>What is wrong with the settings, naming each setting; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (BreakStep is <= 0m or > 1m || decimal.Round(BreakStep, 2) != BreakStep)
        {
            yield return $"{Section}:BreakStep must be from 0.01 to 1.00 in hundredths, not {BreakStep}.";
        }

        if (MinimumPrice is < 1m or > 2m || decimal.Round(MinimumPrice, 2) != MinimumPrice)
        {
            yield return $"{Section}:MinimumPrice must be from 1.00 to 2.00 in hundredths, not {MinimumPrice}.";
        }

        if (MonthlyAllowance < 0m || MonthlyAllowance > PointGrants.MaximumGrant || decimal.Round(MonthlyAllowance, 2) != MonthlyAllowance)
        {
            yield return $"{Section}:MonthlyAllowance must be from 0 to {PointGrants.MaximumGrant:0} in hundredths, not {MonthlyAllowance}.";
        }

        if (BetReconciliationPeriod <= TimeSpan.Zero)
        {
            yield return $"{Section}:BetReconciliationPeriod must be above zero.";
        }

        if (BetGrace < TimeSpan.Zero)
        {
            yield return $"{Section}:BetGrace must not be negative.";
        }
    }
}
