using System.Text.Json;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Totalizator.Markets;

/// <summary>The market workflow's writes: the market's row, its bets' decisions and the movements of its points.</summary>
public sealed class MarketActivities(TotalizatorDbContext db) : IMarketActivities
{
    private static CancellationToken Cancellation => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public async Task RecordMarketOpenedAsync(MarketPlan plan, Guid eventId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        if (!await db.JournalOnceAsync(Journal(plan.MarketId, TotalizatorEvents.MarketOpened, plan.CreatedBy, plan.CreatedAt, eventId), Cancellation))
        {
            return;
        }

        db.Markets.Add(new Market
        {
            Id = plan.MarketId,
            Title = plan.Title,
            Outcomes = [.. plan.Outcomes],
            ClosesAt = plan.ClosesAt,
            TakeoutRate = plan.TakeoutRate,
            BreakStep = plan.Rules.BreakStep,
            MinimumPrice = plan.Rules.MinimumPrice,
            Resolution = plan.Resolver.Kind,
            OrderId = plan.Resolver.OrderId,
            PeriodStart = plan.Resolver.PeriodStart,
            PeriodEnd = plan.Resolver.PeriodEnd,
            CreatedBy = plan.CreatedBy,
            CreatedAt = plan.CreatedAt,
            State = MarketState.Open,
            UpdatedAt = plan.CreatedAt,
        });
        await db.SaveChangesAsync(Cancellation);
        await transaction.CommitAsync(Cancellation);
    }

    [Activity]
    public async Task<IReadOnlyList<BetDecision>> DecideBetsAsync(BetBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var ids = batch.Bets.Select(item => item.Bet.BetId).ToList();
        var pool = Account.PoolId(batch.MarketId);
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        var bets = await db.Bets.Where(bet => ids.Contains(bet.Id)).ToDictionaryAsync(bet => bet.Id, Cancellation);
        var book = new PointsBook(db);
        await book.LockAsync(
            batch.Bets.Where(item => item.Refusal is null).Select(item => Account.WalletId(item.Bet.BettorId)).Append(pool),
            Cancellation);

        var decisions = new List<BetDecision>(batch.Bets.Count);
        foreach (var item in batch.Bets)
        {
            var bet = bets[item.Bet.BetId];
            if (bet.State != BetState.Submitted)
            {
                // Decided by an earlier attempt of this batch, whose transaction committed.
                decisions.Add(new BetDecision(bet.Id, bet.Refusal));
                continue;
            }

            var refusal = item.Refusal ?? (book.TryMove(StakeMovement(batch, item, pool)) ? null : BetRefusal.InsufficientBalance);
            bet.State = refusal is null ? BetState.Placed : BetState.Refused;
            bet.Refusal = refusal;
            bet.Sequence = item.Sequence;
            bet.DecidedAt = batch.DecidedAt;
            if (refusal is null)
            {
                db.Events.Add(new RecordedEvent
                {
                    Id = item.PlacedEventId,
                    StreamId = TotalizatorEvents.MarketStream(batch.MarketId),
                    Type = TotalizatorEvents.BetPlaced,
                    Actor = bet.BettorId,
                    OccurredAt = batch.DecidedAt,
                    DataJson = JsonSerializer.Serialize(new { betId = bet.Id, outcome = bet.Outcome, stake = bet.Stake }),
                });
            }

            decisions.Add(new BetDecision(bet.Id, refusal));
        }

        await db.SaveChangesAsync(Cancellation);
        await transaction.CommitAsync(Cancellation);
        return decisions;
    }

    [Activity]
    public async Task RecordMarketStateAsync(MarketStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        if (await db.JournalOnceAsync(Journal(change.MarketId, change.EventType, "system", change.ChangedAt, change.EventId), Cancellation))
        {
            await db.Markets.Where(market => market.Id == change.MarketId)
                .ExecuteUpdateAsync(set => set.SetProperty(market => market.State, change.State).SetProperty(market => market.UpdatedAt, change.ChangedAt), Cancellation);
        }

        await transaction.CommitAsync(Cancellation);
    }

    [Activity]
    public async Task RecordMarketEndingAsync(MarketEnding ending)
    {
        ArgumentNullException.ThrowIfNull(ending);
        var settlement = ending.Settlement;
        var eventType = ending.State == MarketState.Settled ? TotalizatorEvents.MarketSettled : TotalizatorEvents.MarketCancelled;
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        var figures = new { ending.WinningOutcome, settlement.Gross, settlement.Takeout, settlement.Price, settlement.Paid, settlement.Breakage, settlement.MinusPool, settlement.Refunded };
        if (!await db.JournalOnceAsync(Journal(ending.MarketId, eventType, ending.Actor, ending.EndedAt, ending.EventId, JsonSerializer.Serialize(figures)), Cancellation))
        {
            return;
        }

        var bets = await db.Bets.Where(bet => bet.MarketId == ending.MarketId && bet.State == BetState.Placed).ToDictionaryAsync(bet => bet.Id, Cancellation);
        var pool = Account.PoolId(ending.MarketId);
        var book = new PointsBook(db);
        await book.LockAsync(bets.Values.Select(bet => Account.WalletId(bet.BettorId)).Append(pool).Append(Account.HouseId), Cancellation);
        Movement Movement(string key, MovementKind kind, string from, string to, decimal amount, Guid? betId = null) => new()
        {
            Key = key, Kind = kind, FromAccount = from, ToAccount = to, Amount = amount, MarketId = ending.MarketId, BetId = betId,
            Actor = ending.Actor, OccurredAt = ending.EndedAt,
        };

        // The house tops the pool up first, so paying the winners never takes the pool below zero.
        if (settlement.MinusPool > 0m)
        {
            book.Move(Movement($"market:{ending.MarketId:N}:minus-pool", MovementKind.MinusPool, Account.HouseId, pool, settlement.MinusPool));
        }

        var returns = settlement.Returns.ToDictionary(item => item.BetId, item => item.Amount);
        foreach (var bet in bets.Values)
        {
            var returned = returns.GetValueOrDefault(bet.Id);
            if (returned > 0m)
            {
                var kind = settlement.Refunded ? MovementKind.Refund : MovementKind.Payout;
                book.Move(Movement($"bet:{bet.Id:N}:{kind}", kind, pool, Account.WalletId(bet.BettorId), returned, bet.Id));
            }

            bet.State = settlement.Refunded ? BetState.Refunded : returned > 0m ? BetState.Won : BetState.Lost;
            bet.Returned = returned;
        }

        if (settlement.Takeout > 0m)
        {
            book.Move(Movement($"market:{ending.MarketId:N}:takeout", MovementKind.Takeout, pool, Account.HouseId, settlement.Takeout));
        }

        if (settlement.Breakage > 0m)
        {
            book.Move(Movement($"market:{ending.MarketId:N}:breakage", MovementKind.Breakage, pool, Account.HouseId, settlement.Breakage));
        }

        var market = await db.Markets.SingleAsync(market => market.Id == ending.MarketId, Cancellation);
        market.State = ending.State;
        market.WinningOutcome = ending.WinningOutcome;
        market.Gross = settlement.Gross;
        market.Takeout = settlement.Takeout;
        market.Breakage = settlement.Breakage;
        market.MinusPool = settlement.MinusPool;
        market.Price = settlement.Price;
        market.UpdatedAt = ending.EndedAt;
        await db.SaveChangesAsync(Cancellation);
        await transaction.CommitAsync(Cancellation);
    }

    private static Movement StakeMovement(BetBatch batch, BetToDecide item, string pool) => new()
    {
        Key = $"bet:{item.Bet.BetId:N}:{MovementKind.Stake}",
        Kind = MovementKind.Stake,
        FromAccount = Account.WalletId(item.Bet.BettorId),
        ToAccount = pool,
        Amount = item.Bet.Stake,
        MarketId = batch.MarketId,
        BetId = item.Bet.BetId,
        Actor = item.Bet.BettorId,
        OccurredAt = batch.DecidedAt,
    };

    private static SeedEvent Journal(Guid marketId, string type, string actor, DateTimeOffset at, Guid eventId, string? dataJson = null) =>
        new(eventId, TotalizatorEvents.MarketStream(marketId), type, actor, at, dataJson);
}
