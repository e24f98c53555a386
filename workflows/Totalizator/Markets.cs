using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Workflows.Totalizator;

/// <summary>How a market learns its winning outcome.</summary>
public enum ResolutionKind
{
    /// <summary>A manager who did not stake on it declares the winner after the close.</summary>
    Manager,
}

public enum MarketState
{
    Open,
    Closed,
    Settled,
    Cancelled,
}

public enum BetState
{
    /// <summary>Accepted by the API (202), waiting for the market's workflow.</summary>
    Submitted,

    /// <summary>Accepted by the market's workflow and its stake debited: <see cref="TotalizatorEvents.BetPlaced"/>.</summary>
    Placed,

    Refused,

    Won,

    Lost,

    Refunded,
}

public enum BetRefusal
{
    MarketClosed,
    UnknownOutcome,
    BelowMinimumStake,
    InsufficientBalance,
}

/// <summary>What a market's workflow runs by: set when a manager opens it, never changed.</summary>
public sealed record MarketPlan(
    Guid MarketId,
    string Title,
    IReadOnlyList<string> Outcomes,
    DateTimeOffset ClosesAt,
    decimal TakeoutRate,
    ResolutionKind Resolution,
    SettlementRules Rules,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public const decimal MinimumStake = 1.00m;

    public const decimal MaximumTakeoutRate = 0.30m;

    public const int MinimumOutcomes = 2;

    public const int MaximumOutcomes = 20;
}

/// <summary>A bet as the API hands it to the market's workflow.</summary>
public sealed record BetSubmission(Guid BetId, string BettorId, int Outcome, decimal Stake);

/// <summary>A bet in the order the workflow took it, with the workflow's own refusal (null: debit the stake if the wallet can).</summary>
public sealed record BetToDecide(BetSubmission Bet, long Sequence, BetRefusal? Refusal, Guid PlacedEventId);

public sealed record BetDecision(Guid BetId, BetRefusal? Refusal);

/// <summary>A batch of bets to place or refuse in arrival order.</summary>
public sealed record BetBatch(Guid MarketId, IReadOnlyList<BetToDecide> Bets, DateTimeOffset DecidedAt);

/// <summary>A manager's declaration of the winning outcome.</summary>
public sealed record MarketResolution(string ManagerId, int WinningOutcome);

public sealed record MarketCancellation(string ManagerId);

/// <summary>How a market ended: paid out by <paramref name="Settlement"/> (a refund when cancelled), journalled once by <paramref name="EventId"/>.</summary>
public sealed record MarketEnding(Guid MarketId, MarketState State, int? WinningOutcome, MarketSettlement Settlement, string Actor, Guid EventId, DateTimeOffset EndedAt);

public sealed record MarketStateChange(Guid MarketId, MarketState State, string EventType, Guid EventId, DateTimeOffset ChangedAt);

/// <summary>The <see cref="ApplicationFailure"/> types a market's update validators throw.</summary>
public static class MarketRefusals
{
    /// <summary>The market is not in a state that allows it (resolving an open or ended market, cancelling an ended one).</summary>
    public const string WrongState = "MarketWrongState";

    public const string UnknownOutcome = "MarketUnknownOutcome";

    /// <summary>The manager staked on the market and so may not resolve it.</summary>
    public const string StakedOnMarket = "MarketStakedOnMarket";

    public static ApplicationFailureException Refuse(string type, string message) => new(message, type, nonRetryable: true);
}

/// <summary>The market workflow's writes to the Totalizator's own tables, run as local activities.</summary>
public interface IMarketActivities
{
    /// <summary>Stores the market as opened (once) and journals MarketOpened.</summary>
    [Activity]
    Task RecordMarketOpenedAsync(MarketPlan plan, Guid eventId);

    /// <summary>
    /// Places or refuses each bet in order: a placed bet's stake moves from the bettor's wallet to the market's pool
    /// (never below zero) and BetPlaced is journalled. A bet decided by an earlier attempt keeps its decision.
    /// </summary>
    [Activity]
    Task<IReadOnlyList<BetDecision>> DecideBetsAsync(BetBatch batch);

    [Activity]
    Task RecordMarketStateAsync(MarketStateChange change);

    /// <summary>Pays the settlement out of the market's pool, marks every bet's result and stores the market's figures, once.</summary>
    [Activity]
    Task RecordMarketEndingAsync(MarketEnding ending);
}
