using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Totalizator;

/// <summary>One pass over bets the API accepted (202) that no market's workflow has decided yet.</summary>
/// <param name="Resubmitted">Signalled again to their market's running workflow, which takes each bet id once.</param>
/// <param name="Refused">Refused as <see cref="BetRefusal.MarketClosed"/>: their market's workflow has ended, so nothing was debited.</param>
public sealed record BetReconciliationPass(int Resubmitted, int Refused, TimeSpan NextPassIn);

/// <summary>A month's allowance: how many managers received it in this pass, and how many points each.</summary>
public sealed record AllowancePass(int Granted, decimal Points);

/// <summary>The totalizator's periodic work: stranded bets and the monthly allowance.</summary>
public interface ITotalizatorHousekeepingActivities
{
    /// <summary>
    /// Finds bets still <see cref="BetState.Submitted"/> after the grace period (the host stopped between storing one
    /// and signalling its market, or the signal met the market's end) and either signals each again or refuses it.
    /// </summary>
    [Activity]
    Task<BetReconciliationPass> ReconcileStrandedBetsAsync();

    /// <summary>
    /// Grants every manager the configured monthly allowance for <paramref name="month"/> (<c>yyyy-MM</c>), once per
    /// manager and month whatever the retries; grants nothing when the allowance is 0.
    /// </summary>
    [Activity]
    Task<AllowancePass> GrantMonthlyAllowanceAsync(string month);
}

internal static class TotalizatorHousekeeping
{
    /// <summary>The Totalizator's own activities, retried until its database answers.</summary>
    public static ActivityOptions Durable => new()
    {
        // A pass over a large backlog signals bet after bet: it may take minutes, and its heartbeats show it alive.
        StartToCloseTimeout = TimeSpan.FromMinutes(10),
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };
}
