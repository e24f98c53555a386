using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>
/// Events caused by something outside the workflow that arrived while a workflow task was out: written after the
/// task's own events. Kept as data rather than as a deferred write so a durable server can store them with the run
/// and write them on recovery; <paramref name="build"/> must not change any state, <paramref name="written"/> does.
/// </summary>
/// <param name="build">The events to write, given the id the first of them will get.</param>
/// <param name="written">What writing them changes in the run, given the first event's id.</param>
internal sealed class HeldEvents(Func<long, IReadOnlyList<HistoryEvent>> build, Action<long>? written = null)
{
    public static HeldEvents Of(HistoryEvent historyEvent) => new(_ => [historyEvent]);

    /// <summary>The events as they would be written with the first at <paramref name="firstEventId"/>; changes nothing.</summary>
    public IReadOnlyList<HistoryEvent> Build(long firstEventId) => build(firstEventId);

    public void WriteTo(WorkflowRun run, DateTimeOffset time)
    {
        var firstEventId = run.History.LastEventId + 1;
        var events = build(firstEventId);
        foreach (var historyEvent in events)
        {
            run.Append(historyEvent, time);
        }
        if (events.Count > 0)
        {
            written?.Invoke(firstEventId);
        }
    }
}
