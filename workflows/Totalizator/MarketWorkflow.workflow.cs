using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Totalizator;

/// <summary>
/// One market, from opening to payout: takes bets in arrival order until the close time (a durable timer), refuses
/// later ones, waits for the winning outcome, settles by <see cref="Settlement"/> and pays out; or, cancelled before
/// it is resolved, refunds every stake.
/// </summary>
[Workflow]
public sealed class MarketWorkflow
{
    /// <summary>Bets are decided in batches of at most this many, each batch one local activity.</summary>
    private const int MaxBatch = 200;

    /// <summary>Who the journal names when the platform's data resolved or cancelled the market.</summary>
    private const string AutomaticActor = "platform";

    private static readonly LocalActivityOptions OwnRecords = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    /// <summary>Ordering answers on its own task queue; while it is down the market simply waits (retries without limit).</summary>
    private static readonly ActivityOptions AskOrdering = new()
    {
        TaskQueue = BoundedContext.Ordering.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(5) },
    };

    private readonly Queue<BetSubmission> submitted = new();
    private readonly HashSet<Guid> taken = [];
    private readonly List<StakedBet> placed = [];
    private readonly HashSet<string> bettors = new(StringComparer.Ordinal);
    private MarketPlan? plan;
    private MarketState state = MarketState.Open;
    private MarketResolution? resolution;
    private MarketCancellation? cancellation;
    private long sequence;

    private MarketPlan Plan => plan ?? throw new InvalidOperationException("The market has not started.");

    public static string WorkflowId(Guid marketId) => "market-" + marketId.ToString("N");

    [WorkflowRun]
    public async Task<MarketState> RunAsync(MarketPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        this.plan = plan;
        await Workflow.ExecuteLocalActivityAsync((IMarketActivities markets) => markets.RecordMarketOpenedAsync(plan, Workflow.NewGuid()), OwnRecords);

        while (cancellation is null && Workflow.UtcNow < plan.ClosesAt)
        {
            await Workflow.WaitConditionAsync(() => submitted.Count > 0 || cancellation is not null, plan.ClosesAt - Workflow.UtcNow);
            await DecideSubmittedAsync();
        }

        if (cancellation is null)
        {
            state = MarketState.Closed;
            await RecordStateAsync(TotalizatorEvents.MarketClosed);
            ResolveAutomatically();
        }

        while (cancellation is null && resolution is null)
        {
            await Workflow.WaitConditionAsync(() => submitted.Count > 0 || cancellation is not null || resolution is not null);
            await DecideSubmittedAsync();
        }

        var ending = cancellation is { } cancelled
            ? new MarketEnding(plan.MarketId, MarketState.Cancelled, null, Settlement.Refund(placed), cancelled.ManagerId, Workflow.NewGuid(), Workflow.UtcNow)
            : new MarketEnding(
                plan.MarketId, MarketState.Settled, resolution!.WinningOutcome,
                Settlement.Settle(placed, resolution.WinningOutcome, plan.TakeoutRate, plan.Rules),
                resolution.ManagerId, Workflow.NewGuid(), Workflow.UtcNow);
        await Workflow.ExecuteLocalActivityAsync((IMarketActivities markets) => markets.RecordMarketEndingAsync(ending), OwnRecords);
        state = ending.State;

        // Bets that arrived while the market ended are refused, not lost.
        await DecideSubmittedAsync();
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
        return state;
    }

    /// <summary>
    /// A bet accepted by the API: queued and decided in arrival order. A bet sent again (the bet reconciliation
    /// re-sends one it cannot tell arrived) is taken once.
    /// </summary>
    [WorkflowSignal]
    public Task SubmitBetAsync(BetSubmission bet)
    {
        ArgumentNullException.ThrowIfNull(bet);
        if (taken.Add(bet.BetId))
        {
            submitted.Enqueue(bet);
        }

        return Task.CompletedTask;
    }

    [WorkflowUpdateValidator(nameof(ResolveAsync))]
    public void ValidateResolve(MarketResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (Plan.Resolver.Kind != ResolutionKind.Manager)
        {
            throw MarketRefusals.Refuse(MarketRefusals.WrongState, $"The market is resolved automatically ({Plan.Resolver.Kind}), not by a manager.");
        }

        if (state != MarketState.Closed || this.resolution is not null || cancellation is not null)
        {
            throw MarketRefusals.Refuse(
                MarketRefusals.WrongState,
                state == MarketState.Open
                    ? $"The market is open until {Plan.ClosesAt:O}; it is resolved after the close."
                    : "The market is resolved or cancelled already.");
        }

        if (resolution.WinningOutcome < 0 || resolution.WinningOutcome >= Plan.Outcomes.Count)
        {
            throw MarketRefusals.Refuse(MarketRefusals.UnknownOutcome, $"The market's outcomes are numbered 0 to {Plan.Outcomes.Count - 1}.");
        }

        if (bettors.Contains(resolution.ManagerId))
        {
            throw MarketRefusals.Refuse(MarketRefusals.StakedOnMarket, "A manager who staked on the market cannot resolve it.");
        }
    }

    /// <summary>Declares the winning outcome; answers once the market is settled and paid out.</summary>
    [WorkflowUpdate]
    public async Task<MarketState> ResolveAsync(MarketResolution resolution)
    {
        this.resolution = resolution;
        await Workflow.WaitConditionAsync(() => state == MarketState.Settled);
        return state;
    }

    [WorkflowUpdateValidator(nameof(CancelAsync))]
    public void ValidateCancel(MarketCancellation cancellation)
    {
        if (resolution is not null || this.cancellation is not null || state is MarketState.Settled or MarketState.Cancelled)
        {
            throw MarketRefusals.Refuse(MarketRefusals.WrongState, "The market is resolved or cancelled already.");
        }
    }

    /// <summary>Cancels the market before it is resolved; answers once every stake is refunded.</summary>
    [WorkflowUpdate]
    public async Task<MarketState> CancelAsync(MarketCancellation cancellation)
    {
        this.cancellation = cancellation;
        await Workflow.WaitConditionAsync(() => state == MarketState.Cancelled);
        return state;
    }

    /// <summary>
    /// Starts the market's automatic resolver, if it has one: it runs beside the loop that refuses late bets and
    /// ends it by declaring the winner, or by cancelling the market when the platform's data cannot decide.
    /// </summary>
    private void ResolveAutomatically()
    {
        var resolver = Plan.Resolver;
        if (resolver.Kind == ResolutionKind.OrderCount)
        {
            _ = Workflow.RunTaskAsync(async () =>
            {
                var countAt = resolver.PeriodEnd!.Value + MarketResolver.JournalGrace;
                if (countAt > Workflow.UtcNow)
                {
                    await Workflow.DelayAsync(countAt - Workflow.UtcNow);
                }

                var count = await Workflow.ExecuteActivityAsync(
                    (IOrderFactsActivities orders) => orders.CountOrdersCompletedAsync(resolver.PeriodStart!.Value, resolver.PeriodEnd!.Value), AskOrdering);
                resolution ??= new MarketResolution(AutomaticActor, resolver.OutcomeOfCount(count));
            });
        }
        else if (resolver.Kind == ResolutionKind.QualityReview)
        {
            _ = Workflow.RunTaskAsync(async () =>
            {
                while (true)
                {
                    var review = await Workflow.ExecuteActivityAsync((IOrderFactsActivities orders) => orders.QualityReviewOfAsync(resolver.OrderId!.Value), AskOrdering);
                    if (review == QualityReviewFact.Pending)
                    {
                        await Workflow.DelayAsync(MarketResolver.ReviewPollInterval);
                        continue;
                    }

                    if (review == QualityReviewFact.NoReview)
                    {
                        cancellation ??= new MarketCancellation(AutomaticActor);
                    }
                    else
                    {
                        resolution ??= new MarketResolution(AutomaticActor, review == QualityReviewFact.Passed ? 0 : 1);
                    }

                    return;
                }
            });
        }
    }

    private async Task DecideSubmittedAsync()
    {
        while (submitted.Count > 0)
        {
            var batch = new List<BetToDecide>();
            while (submitted.Count > 0 && batch.Count < MaxBatch)
            {
                var bet = submitted.Dequeue();
                batch.Add(new BetToDecide(bet, ++sequence, RefusalOf(bet), Workflow.NewGuid()));
            }

            var decided = new BetBatch(Plan.MarketId, batch, Workflow.UtcNow);
            var decisions = await Workflow.ExecuteLocalActivityAsync((IMarketActivities markets) => markets.DecideBetsAsync(decided), OwnRecords);
            var placedIds = decisions.Where(decision => decision.Refusal is null).Select(decision => decision.BetId).ToHashSet();
            foreach (var bet in batch.Select(item => item.Bet).Where(bet => placedIds.Contains(bet.BetId)))
            {
                placed.Add(new StakedBet(bet.BetId, bet.Outcome, bet.Stake));
                bettors.Add(bet.BettorId);
            }
        }
    }

    /// <summary>The workflow's own reasons to refuse a bet; the wallet's balance is the activity's to check.</summary>
    private BetRefusal? RefusalOf(BetSubmission bet) =>
        state != MarketState.Open || cancellation is not null || Workflow.UtcNow >= Plan.ClosesAt ? BetRefusal.MarketClosed
        : bet.Outcome < 0 || bet.Outcome >= Plan.Outcomes.Count ? BetRefusal.UnknownOutcome
        : bet.Stake < MarketPlan.MinimumStake || decimal.Round(bet.Stake, 2) != bet.Stake ? BetRefusal.BelowMinimumStake
        : null;

    private Task RecordStateAsync(string eventType)
    {
        var change = new MarketStateChange(Plan.MarketId, state, eventType, Workflow.NewGuid(), Workflow.UtcNow);
        return Workflow.ExecuteLocalActivityAsync((IMarketActivities markets) => markets.RecordMarketStateAsync(change), OwnRecords);
    }
}
