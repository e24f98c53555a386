using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Totalizator.Housekeeping;

/// <summary>Stranded bets and the monthly allowance, for <see cref="BetReconciliationWorkflow"/> and <see cref="MonthlyAllowanceWorkflow"/>.</summary>
public sealed class TotalizatorHousekeepingActivities(
    TotalizatorDbContext db, PointGrants grants, UserManager<PlatformUser> users, TimeProvider clock, IOptions<TotalizatorSettings> settings)
    : ITotalizatorHousekeepingActivities
{
    /// <summary>Who the wallet history names for an allowance.</summary>
    public const string AllowanceActor = "monthly-allowance";

    [Activity]
    public async Task<BetReconciliationPass> ReconcileStrandedBetsAsync()
    {
        var context = ActivityExecutionContext.Current;
        var submittedBefore = clock.GetUtcNow() - settings.Value.BetGrace;
        var stranded = await db.Bets.AsNoTracking()
            .Where(bet => bet.State == BetState.Submitted && bet.SubmittedAt <= submittedBefore)
            .OrderBy(bet => bet.SubmittedAt)
            .Take(1000)
            .ToListAsync(context.CancellationToken);
        var resubmitted = 0;
        var ofEndedMarkets = new List<Guid>();
        foreach (var bet in stranded)
        {
            context.Heartbeat();
            try
            {
                // The market's workflow takes each bet id once, so a bet whose first signal did arrive is not taken twice.
                await context.TemporalClient.GetWorkflowHandle<MarketWorkflow>(MarketWorkflow.WorkflowId(bet.MarketId))
                    .SignalAsync(workflow => workflow.SubmitBetAsync(new BetSubmission(bet.Id, bet.BettorId, bet.Outcome, bet.Stake)));
                resubmitted++;
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                // The market has ended (or its workflow is lost): nothing was debited for this bet, so it is refused.
                ofEndedMarkets.Add(bet.Id);
            }
        }

        var decidedAt = clock.GetUtcNow();
        var refused = ofEndedMarkets.Count == 0 ? 0 : await db.Bets
            .Where(row => ofEndedMarkets.Contains(row.Id) && row.State == BetState.Submitted)
            .ExecuteUpdateAsync(
                set => set.SetProperty(row => row.State, BetState.Refused)
                    .SetProperty(row => row.Refusal, BetRefusal.MarketClosed)
                    .SetProperty(row => row.DecidedAt, decidedAt),
                context.CancellationToken);
        return new BetReconciliationPass(resubmitted, refused, settings.Value.BetReconciliationPeriod);
    }

    [Activity]
    public async Task<AllowancePass> GrantMonthlyAllowanceAsync(string month)
    {
        var points = settings.Value.MonthlyAllowance;
        if (points == 0m)
        {
            return new AllowancePass(0, 0m);
        }

        var granted = 0;
        foreach (var manager in await users.GetUsersInRoleAsync(PlatformRoles.Manager))
        {
            ActivityExecutionContext.Current.Heartbeat();
            var (outcome, _) = await grants.GrantAsync(
                manager.Id.ToString(), points, $"allowance-{month}-{manager.Id:N}", AllowanceActor, ActivityExecutionContext.Current.CancellationToken);
            if (outcome == GrantOutcome.Granted)
            {
                granted++;
            }
        }

        return new AllowancePass(granted, points);
    }
}
