using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Totalizator;
using Temporalio.Api.Enums.V1;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>
/// A market runs from its opening to its payout, so a worker may pick one up again from its history against newer
/// code: the live market's history and the recorded one under <c>Totalizator/Histories</c> replay against the current
/// <see cref="MarketWorkflow"/> (docs/ordering.md, "Changing the order workflow", applies to it alike).
/// </summary>
public sealed class MarketReplayTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    /// <summary>The market below: three bets placed, one refused for its balance, one sent twice, resolved and paid.</summary>
    private const string RecordedSettledMarket = "settled-market.json";

    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task SettledMarket_WithARefusalAndARepeatedBet_Replays()
    {
        using var ops = await Host.CreateClientAsync(PlatformRoles.Ops);
        var first = await Host.NewManagerAsync(ops, 100m);
        var second = await Host.NewManagerAsync(ops, 100m);
        var judge = await Host.NewManagerAsync(ops, 0m);
        var closesAt = Host.InAnHour();
        var marketId = await judge.OpenMarketAsync(["Yes", "No"], closesAt, 0.15m);
        var yes = await first.BetAsync(marketId, 0, 60m);
        await first.DecidedBetAsync(yes);
        await Host.SignalBetAsync(marketId, new BetSubmission(yes, first.Id, 0, 60m));
        await first.DecidedBetAsync(await first.BetAsync(marketId, 1, 40m));
        await second.DecidedBetAsync(await second.BetAsync(marketId, 1, 30m));
        using (var refused = await second.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome = 0, stake = 80m }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        await Host.CloseAsync(judge, marketId, closesAt);
        using var resolved = await judge.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/resolution", new { winningOutcome = 1 });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var replay = await WorkflowReplay.CreateAsync(Host);
        var history = await replay.ClosedHistoryAsync(MarketWorkflow.WorkflowId(marketId));

        await replay.AssertReplaysAsync(history);
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(4, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        Assert.Contains(history.Events, e => e.EventType == EventType.TimerFired);
        Assert.Equal(["Resolve"], WorkflowReplay.AcceptedUpdates(history));
        Assert.Empty(WorkflowReplay.Patches(history));
        await WorkflowReplay.RecordOnRequestAsync(history, BoundedContext.Totalizator, RecordedSettledMarket);
    }

    [Fact]
    public async Task RecordedSettledMarket_ReplaysAgainstTheCurrentMarketWorkflow()
    {
        var recorded = await WorkflowReplay.RecordedAsync(BoundedContext.Totalizator, RecordedSettledMarket);
        var replay = await WorkflowReplay.CreateAsync(Host);

        await replay.AssertReplaysAsync(recorded);
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(recorded));
    }
}
