using Google.Protobuf;
using HelperPlatform.DevServer.Executions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace HelperPlatform.DevServer.Persistence;

/// <summary>
/// Writes what changed in the engine to the database, one transaction per batch, by a single writer: changes are
/// noted under the engine gate as they happen, captured under the gate when the writer takes a batch, and written
/// outside it. An RPC answers only once the batch holding its changes is committed (<see cref="FlushAsync"/>), so
/// nothing acknowledged is lost; RPCs that flush together share one commit. A write that fails is retried until it
/// succeeds, with the RPCs waiting for it.
/// </summary>
internal sealed class RunJournal : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan FinalFlushWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How soon changes no call waits for (a timer that fired) are written. Only a flush wakes the writer at once:
    /// waking it on every change would commit many small batches, each a round trip and an fsync.
    /// </summary>
    private static readonly TimeSpan UnflushedChangesDelay = TimeSpan.FromMilliseconds(20);

    private readonly object gate;
    private readonly DevServerDatabase database;
    private readonly TimeProvider wallClock;
    private readonly ILogger logger;
    private readonly HashSet<WorkflowRun> changedRuns = [];
    private readonly List<string> evictedRunIds = [];
    private readonly SemaphoreSlim wakeSignal = new(0);
    private readonly CancellationTokenSource stopping = new();
    private TaskCompletionSource nextBatch = NewSignal();
    private Task batchInFlight = Task.CompletedTask;
    private Task? writer;
    private int wakePending;

    public RunJournal(object gate, DevServerDatabase database, TimeProvider wallClock, ILogger logger)
    {
        this.gate = gate;
        this.database = database;
        this.wallClock = wallClock;
        this.logger = logger;
    }

    /// <summary>Starts writing; changes noted before (a recovery's) are written in the first batch.</summary>
    public void Start()
    {
        writer = Task.Run(WriteLoopAsync);
        Wake();
    }

    /// <summary>Notes a changed run. Call under the gate.</summary>
    public void NoteChanged(WorkflowRun run) => changedRuns.Add(run);

    /// <summary>Notes runs evicted after their retention, whose rows are deleted. Call under the gate.</summary>
    public void NoteEvicted(IEnumerable<WorkflowRun> runs)
    {
        evictedRunIds.AddRange(runs.Select(run => run.RunId));
        Wake();
    }

    /// <summary>Completes once every change noted before the call is committed.</summary>
    public Task FlushAsync()
    {
        lock (gate)
        {
            return CommittedSoFar();
        }
    }

    /// <summary>Completes once every change noted so far is committed; what is noted after the call is not waited for. Call under the gate.</summary>
    public Task CommittedSoFar()
    {
        if (changedRuns.Count == 0 && evictedRunIds.Count == 0)
        {
            return batchInFlight;
        }
        Wake();
        return nextBatch.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null && !stopping.IsCancellationRequested)
        {
            // What is noted is written before the server stops; a crash is what loses the unacknowledged rest, and so
            // does a database that cannot take it now: the writer stops either way.
            try
            {
                await FlushAsync().WaitAsync(FinalFlushWait);
            }
            catch (Exception exception) when (exception is TimeoutException or NpgsqlException or IOException or DevServerDatabaseException)
            {
                logger.LogWarning("The dev server stops without writing its last changes ({Reason}); the calls that made them were not answered", exception.Message);
            }
            await stopping.CancelAsync();
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
                // The writer ends by cancellation.
            }
        }
        stopping.Dispose();
        wakeSignal.Dispose();
    }

    /// <summary>Stops writing at once, as a crash would: what is noted and not yet committed is dropped.</summary>
    public async ValueTask HaltAsync()
    {
        await stopping.CancelAsync();
        if (writer is not null)
        {
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
                // The writer ends by cancellation, mid-write or not.
            }
            writer = null;
        }
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wakeSignal.Release();
        }
    }

    private async Task WriteLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            await wakeSignal.WaitAsync(UnflushedChangesDelay, stopping.Token);
            Interlocked.Exchange(ref wakePending, 0);
            while (true)
            {
                Batch? batch;
                try
                {
                    batch = TakeBatch();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "The dev server could not prepare a batch of changes");
                    await FailAsync(null, exception);
                    continue;
                }
                if (batch is null)
                {
                    break;
                }
                try
                {
                    await WriteUntilCommittedAsync(batch.Changes, batch.Evicted);
                    batch.Done.TrySetResult();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "The dev server could not store a batch of changes");
                    await FailAsync(batch, exception);
                }
            }
        }
    }

    /// <summary>
    /// Not an outage but a fault of the server's own writes: the calls waiting fail with it, and the batch's runs are
    /// noted again with their unstored events, so nothing is skipped in the stored history; tried again after a pause.
    /// </summary>
    private async Task FailAsync(Batch? batch, Exception exception)
    {
        lock (gate)
        {
            if (batch is not null)
            {
                foreach (var (run, storedBefore) in batch.Runs)
                {
                    run.StoredEventCount = storedBefore;
                    changedRuns.Add(run);
                }
                evictedRunIds.AddRange(batch.Evicted);
                batchInFlight = Task.CompletedTask;
            }
            var waiting = batch?.Done ?? nextBatch;
            if (batch is null)
            {
                nextBatch = NewSignal();
            }
            waiting.TrySetException(exception);
        }
        await Task.Delay(RetryDelay, stopping.Token);
    }

    private Batch? TakeBatch()
    {
        lock (gate)
        {
            // A closed run with no new events has nothing to write: its row and history are stored (a recovery notes
            // every run it rebuilds).
            if (changedRuns.RemoveWhere(run => !run.IsOpen && run.StoredEventCount == run.History.Events.Count) > 0
                && changedRuns.Count == 0 && evictedRunIds.Count == 0)
            {
                // A flush may be waiting for them: with no batch in flight, everything noted is now stored.
                nextBatch.TrySetResult();
                nextBatch = NewSignal();
            }
            if (changedRuns.Count == 0 && evictedRunIds.Count == 0)
            {
                return null;
            }
            var runs = changedRuns.Select(run => (Run: run, StoredBefore: run.StoredEventCount)).ToList();
            List<RunChange> changes;
            try
            {
                changes = changedRuns.Select(Capture).ToList();
            }
            catch
            {
                // Left as they were, still noted: the next batch captures them again from the same event.
                foreach (var (run, storedBefore) in runs)
                {
                    run.StoredEventCount = storedBefore;
                }
                throw;
            }
            changedRuns.Clear();
            var evicted = evictedRunIds.ToList();
            evictedRunIds.Clear();
            var done = nextBatch;
            nextBatch = NewSignal();
            batchInFlight = done.Task;
            return new Batch(runs, changes, evicted, done);
        }
    }

    /// <param name="Runs">Each run of the batch with how many of its events were stored before it, to go back to if the batch fails.</param>
    private sealed record Batch(List<(WorkflowRun Run, long StoredBefore)> Runs, List<RunChange> Changes, List<string> Evicted, TaskCompletionSource Done);

    private async Task WriteUntilCommittedAsync(List<RunChange> changes, List<string> evicted)
    {
        while (true)
        {
            try
            {
                await database.WriteAsync(changes, evicted, stopping.Token);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException { IsTransient: true } or IOException or TimeoutException)
            {
                logger.LogWarning("The dev server cannot write to its database ({Reason}); it retries, and calls wait", exception.Message);
                await Task.Delay(RetryDelay, stopping.Token);
            }
        }
    }

    /// <summary>The run's events not stored yet and its state outside history, as they are now. Call under the gate.</summary>
    private RunChange Capture(WorkflowRun run)
    {
        var history = run.History.Events;
        var firstNew = run.StoredEventCount;
        byte[]? newEvents = null;
        if (firstNew < history.Count)
        {
            var chunk = new History();
            for (var index = (int)firstNew; index < history.Count; index++)
            {
                chunk.Events.Add(history[index]);
            }
            newEvents = chunk.ToByteArray();
        }
        run.StoredEventCount = history.Count;
        return new RunChange(
            run.RunId,
            run.Namespace,
            run.WorkflowId,
            run.StartRequestId,
            run.IsOpen ? null : wallClock.GetUtcNow(),
            firstNew + 1,
            newEvents,
            CaptureState(run));
    }

    private static RunState CaptureState(WorkflowRun run)
    {
        if (!run.IsOpen)
        {
            return new RunState(run.NextWorkflowTaskSequence, [], [], [], []);
        }
        // Held events are written after the workflow task that is out; a recovery first times that task out.
        var nextEventId = run.History.LastEventId + 2;
        var held = new List<byte[]>();
        foreach (var events in run.EventsHeldForTask)
        {
            var built = events.Build(nextEventId);
            held.AddRange(built.Select(historyEvent => historyEvent.ToByteArray()));
            nextEventId += built.Count;
        }
        return new RunState(
            run.NextWorkflowTaskSequence,
            [.. run.SeenRequestIds],
            [.. run.Activities.Values.Select(activity => new StoredActivity(
                activity.ScheduledEventId,
                activity.Attempt,
                activity.CurrentAttemptScheduledTime,
                activity.LastAttemptCompleteTime,
                activity.StartedTime,
                activity.StartedIdentity,
                activity.IsBackingOff,
                activity.LastFailure?.ToByteArray(),
                activity.HeartbeatDetails?.ToByteArray(),
                activity.LastHeartbeatTime))],
            [.. run.Updates.Values
                .Where(update => update.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted && update.AbandonedReason is null)
                .Select(update => update.Request.ToByteArray())],
            held);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
