using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Executions;

/// <summary>
/// The append-only event history of one run. Readers that long-poll for new events await <see cref="Changed"/>,
/// which completes on the next append. Called under the engine gate.
/// </summary>
internal sealed class HistoryLog
{
    private readonly List<HistoryEvent> events = [];
    private readonly TaskCompletionSource closed = NewSignal();

    /// <summary>Created only when a reader waits: most appends have nobody to wake, and a signal per event adds up.</summary>
    private TaskCompletionSource? changed;

    public IReadOnlyList<HistoryEvent> Events => events;

    public long LastEventId => events.Count;

    /// <summary>Completes on the next append or when the run closes; fetch it under the gate, await it outside.</summary>
    public Task Changed => (changed ??= NewSignal()).Task;

    /// <summary>
    /// Completes when the run closes. Callers waiting only for the close event (every SDK waiting for a result)
    /// await this instead of <see cref="Changed"/>, so they are not woken by each event before it.
    /// </summary>
    public Task Closed => closed.Task;

    /// <summary>Gives <paramref name="historyEvent"/> the next event id and the time, then appends it.</summary>
    public long Append(HistoryEvent historyEvent, DateTimeOffset time)
    {
        historyEvent.EventId = events.Count + 1;
        historyEvent.TaskId = historyEvent.EventId;
        historyEvent.EventTime = Timestamp.FromDateTimeOffset(time);
        events.Add(historyEvent);
        NotifyReaders();
        return historyEvent.EventId;
    }

    /// <summary>Puts back an event of a stored history, with the id and time it was written with.</summary>
    public void Restore(HistoryEvent historyEvent)
    {
        if (historyEvent.EventId != events.Count + 1)
        {
            throw new InvalidOperationException($"Stored event {historyEvent.EventId} does not follow event {events.Count}.");
        }
        events.Add(historyEvent);
    }

    public void MarkClosed()
    {
        closed.TrySetResult();
        NotifyReaders();
    }

    private void NotifyReaders()
    {
        var current = changed;
        changed = null;
        current?.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
