using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;

namespace HelperPlatform.Tests.Infrastructure;

/// <summary>
/// Skipping a test host's clock past a workflow's timer. A workflow starts its timer in a workflow task after the
/// step a test waits for (an activity's result, an update's answer), so a skip made at once can pass, under load,
/// before the timer exists, and then it fires nothing: skip only once the timer is in the workflow's history.
/// </summary>
internal static class TimerSkips
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits until <paramref name="workflowId"/> has a running timer that <paramref name="skip"/> reaches, with no
    /// update accepted after it (such an update may yet cancel and restart it), then skips the clock by <paramref name="skip"/>.
    /// </summary>
    public static async Task SkipPastTimerAsync(this PlatformHost host, string workflowId, TimeSpan skip)
    {
        await host.WaitForTimerAsync(workflowId, skip);
        await host.Temporal.SkipTimeAsync(skip);
    }

    /// <summary>Waits until <paramref name="workflowId"/> has a running timer that <paramref name="within"/> reaches, with no update accepted after it.</summary>
    public static async Task WaitForTimerAsync(this PlatformHost host, string workflowId, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(host);
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address));
        var handle = temporal.GetWorkflowHandle(workflowId);
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (!HasTimerWithin((await handle.FetchHistoryAsync()).Events, within))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{workflowId} never started a timer that {within} would fire.");
            await Task.Delay(20);
        }
    }

    private static bool HasTimerWithin(IReadOnlyCollection<HistoryEvent> events, TimeSpan skip)
    {
        var ended = events
            .Select(e => e.TimerFiredEventAttributes?.TimerId ?? e.TimerCanceledEventAttributes?.TimerId)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var lastUpdate = events.LastOrDefault(e => e.EventType == EventType.WorkflowExecutionUpdateAccepted)?.EventId ?? 0;
        return events.Any(e =>
            e.TimerStartedEventAttributes is { } timer
            && !ended.Contains(timer.TimerId)
            && e.EventId > lastUpdate
            && timer.StartToFireTimeout.ToTimeSpan() <= skip);
    }
}
