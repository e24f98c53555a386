using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Workflows.Totalizator;

namespace HelperPlatform.Host.Totalizator;

/// <summary>A new market a manager resolves: its outcomes are numbered from 0 in the order given.</summary>
public sealed record MarketBody(string? Title, List<string>? Outcomes, DateTimeOffset? ClosesAt, decimal? TakeoutRate);

/// <summary>
/// A new market on how many orders complete from <c>periodStart</c> until <c>periodEnd</c>, resolved from Ordering's
/// journal after the period: its outcomes are the count ranges split at <c>countBounds</c> ([10, 20]: 0–9, 10–19, 20 or more).
/// </summary>
public sealed record OrderCountMarketBody(
    string? Title, DateTimeOffset? ClosesAt, decimal? TakeoutRate, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, List<int>? CountBounds);

/// <summary>A new market on whether order <c>orderId</c> passes its quality review: outcomes Pass (0) and Fail (1).</summary>
public sealed record QualityReviewMarketBody(string? Title, DateTimeOffset? ClosesAt, decimal? TakeoutRate, Guid? OrderId);

public sealed record MarketOpened(Guid MarketId);

public sealed record BetBody(int? Outcome, decimal? Stake);

public sealed record BetAccepted(Guid BetId, BetState State);

public sealed record ResolutionBody(int? WinningOutcome);

public sealed record MarketEnded(Guid MarketId, MarketState State);

public sealed record MarketSummary(
    Guid MarketId, string Title, MarketState State, ResolutionKind Resolution, DateTimeOffset ClosesAt, decimal TakeoutRate, string CreatedBy, int? WinningOutcome);

/// <summary>One outcome on the tote board: its pool, and the price per 1.00 it would pay if the market closed now (null: nobody staked on it).</summary>
public sealed record OutcomeOnBoard(int Outcome, string Label, decimal Pool, decimal? Price);

/// <summary>A market with its tote board and, once settled, the figures of its settlement.</summary>
public sealed record MarketBoard(
    Guid MarketId,
    string Title,
    MarketState State,
    ResolutionKind Resolution,
    DateTimeOffset ClosesAt,
    decimal TakeoutRate,
    string CreatedBy,
    decimal Gross,
    int BetsPlaced,
    IReadOnlyList<OutcomeOnBoard> Outcomes,
    int? WinningOutcome,
    decimal? Price,
    decimal Takeout,
    decimal Breakage,
    decimal MinusPool);

public sealed record BetResponse(
    Guid BetId, Guid MarketId, string BettorId, int Outcome, decimal Stake, BetState State, string? Refusal, long? Sequence, decimal? Returned, DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt);

/// <summary>The one projection of a bet row into its answer, for every list of bets.</summary>
public static class BetResponses
{
    /// <summary>The refusal is its <see cref="BetRefusal"/> name, or null while the bet is not refused.</summary>
    public static BetResponse From(Bet bet) => new(
        bet.Id, bet.MarketId, bet.BettorId, bet.Outcome, bet.Stake, bet.State, bet.Refusal?.ToString(), bet.Sequence, bet.Returned, bet.SubmittedAt, bet.DecidedAt);
}

/// <summary>A grant of points to a manager's wallet; <paramref name="GrantId"/> makes it once, however often it is sent.</summary>
public sealed record GrantBody(Guid? GrantId, decimal? Points);

public sealed record WalletBalance(string ManagerId, decimal Balance);

public sealed record WalletMovement(string Key, MovementKind Kind, decimal Amount, Guid? MarketId, Guid? BetId, DateTimeOffset OccurredAt);

public sealed record WalletHistory(string ManagerId, decimal Balance, IReadOnlyList<WalletMovement> Movements);

/// <summary>A manager's net winnings over a month's settled markets: what came back less what was staked.</summary>
public sealed record LeaderboardLine(int Rank, string ManagerId, decimal NetWinnings, int Bets);
