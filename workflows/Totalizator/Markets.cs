using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Workflows.Totalizator;

/// <summary>How a market learns its winning outcome.</summary>
public enum ResolutionKind
{
    /// <summary>A manager who did not stake on it declares the winner after the close.</summary>
    Manager,

    /// <summary>How many orders complete in a period: outcomes are count ranges, resolved from Ordering's journal after the period.</summary>
    OrderCount,

    /// <summary>Whether an order passes its quality review: Pass or Fail once the verdict is recorded; cancelled when there is none.</summary>
    QualityReview,
}

/// <summary>
/// How a market is resolved. An order-count market's outcome <c>i</c> is the range from <c>CountBounds[i − 1]</c> (0 for
/// the first) up to below <c>CountBounds[i]</c> (no end for the last), so the ranges cover every count.
/// </summary>
public sealed record MarketResolver(
    ResolutionKind Kind,
    DateTimeOffset? PeriodStart = null,
    DateTimeOffset? PeriodEnd = null,
    IReadOnlyList<int>? CountBounds = null,
    Guid? OrderId = null)
{
    public static readonly MarketResolver ByManager = new(ResolutionKind.Manager);

    /// <summary>Orders completing at the very end of the period are journalled a moment later; the count waits this long for them.</summary>
    public static readonly TimeSpan JournalGrace = TimeSpan.FromMinutes(5);

    /// <summary>How often a quality-review market asks Ordering whether the verdict is in.</summary>
    public static readonly TimeSpan ReviewPollInterval = TimeSpan.FromMinutes(15);

    public static readonly IReadOnlyList<string> ReviewOutcomes = ["Pass", "Fail"];

    /// <summary>The outcome whose range holds <paramref name="count"/>.</summary>
    public int OutcomeOfCount(int count) => CountBounds!.Count(bound => bound <= count);

    /// <summary>The outcomes' names for <paramref name="countBounds"/>: "0–9", "10–19", "20 or more".</summary>
    public static List<string> CountOutcomes(IReadOnlyList<int> countBounds)
    {
        ArgumentNullException.ThrowIfNull(countBounds);
        var starts = countBounds.Prepend(0).ToList();
        return starts.Select((start, index) => index == countBounds.Count
                ? $"{start} or more"
                : countBounds[index] - 1 == start ? $"{start}" : $"{start}–{countBounds[index] - 1}")
            .ToList();
    }
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
    MarketResolver Resolver,
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
