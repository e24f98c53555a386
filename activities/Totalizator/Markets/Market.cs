using HelperPlatform.Workflows.Totalizator;

namespace HelperPlatform.Activities.Totalizator.Markets;

/// <summary>A market as managers read it: written by its workflow, never by the endpoints.</summary>
public sealed class Market
{
    public Guid Id { get; init; }

    public required string Title { get; init; }

    public required List<string> Outcomes { get; init; }

    public DateTimeOffset ClosesAt { get; init; }

    public decimal TakeoutRate { get; init; }

    /// <summary>The settlement rules the market opened with (<see cref="SettlementRules"/>), kept for its board.</summary>
    public decimal BreakStep { get; init; }

    public decimal MinimumPrice { get; init; }

    public SettlementRules Rules => new(BreakStep, MinimumPrice);

    public ResolutionKind Resolution { get; init; }

    /// <summary>The order a quality-review market is about, or null.</summary>
    public Guid? OrderId { get; init; }

    /// <summary>The period an order-count market counts over, or null.</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    public DateTimeOffset? PeriodEnd { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public MarketState State { get; set; }

    public int? WinningOutcome { get; set; }

    public decimal Gross { get; set; }

    public decimal Takeout { get; set; }

    public decimal Breakage { get; set; }

    public decimal MinusPool { get; set; }

    public decimal? Price { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A bet as its bettor sees it, from submission (202) to its payout.</summary>
public sealed class Bet
{
    public Guid Id { get; init; }

    public Guid MarketId { get; init; }

    public required string BettorId { get; init; }

    public int Outcome { get; init; }

    public decimal Stake { get; init; }

    public BetState State { get; set; }

    public BetRefusal? Refusal { get; set; }

    /// <summary>The order the market's workflow placed it in, once placed.</summary>
    public long? Sequence { get; set; }

    public decimal? Returned { get; set; }

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; set; }
}
