namespace HelperPlatform.DevServer.Executions;

/// <summary>
/// Every run the server knows, by run id and by workflow id, plus the open ones. Closed runs are forgotten once
/// they have been closed for the retention period (measured on the wall clock, so time skipping in a test
/// never evicts the history it is about to read); the engine sweeps them out periodically, so an idle server
/// lets go of them too. Called under the engine gate.
/// </summary>
internal sealed class ExecutionStore(TimeProvider wallClock, TimeSpan retention)
{
    private readonly Dictionary<string, WorkflowRun> runsById = [];
    private readonly Dictionary<(string Namespace, string WorkflowId), List<WorkflowRun>> runsByWorkflowId = [];
    private readonly HashSet<WorkflowRun> openRuns = [];
    private readonly Queue<(DateTimeOffset ClosedAt, WorkflowRun Run)> closedRuns = new();

    public IEnumerable<WorkflowRun> AllRuns => runsById.Values;

    public IEnumerable<WorkflowRun> OpenRuns => openRuns;

    public bool HasRunnableWork => openRuns.Any(run => run.HasRunnableWork);

    /// <summary>Open runs and closed ones still within their retention.</summary>
    public int Count => runsById.Count;

    /// <summary>Told of every change to every run, from its first event on; a durable server's journal.</summary>
    public Action<WorkflowRun>? ChangeObserver { get; init; }

    public void Add(WorkflowRun run)
    {
        if (ChangeObserver is { } observer)
        {
            run.ObserveChanges(observer);
        }
        runsById.Add(run.RunId, run);
        var key = (run.Namespace, run.WorkflowId);
        if (!runsByWorkflowId.TryGetValue(key, out var runs))
        {
            runs = [];
            runsByWorkflowId.Add(key, runs);
        }
        runs.Add(run);
        openRuns.Add(run);
    }

    public void MarkClosed(WorkflowRun run) => MarkClosed(run, wallClock.GetUtcNow());

    /// <summary>Marks a run closed at a wall-clock instant, which its retention counts from.</summary>
    public void MarkClosed(WorkflowRun run, DateTimeOffset closedAt)
    {
        openRuns.Remove(run);
        closedRuns.Enqueue((closedAt, run));
    }

    public WorkflowRun? FindByRunId(string runId) => runsById.GetValueOrDefault(runId);

    /// <summary>The newest run of the workflow id, open or closed.</summary>
    public WorkflowRun? FindLatest(string @namespace, string workflowId) =>
        runsByWorkflowId.TryGetValue((@namespace, workflowId), out var runs) ? runs[^1] : null;

    /// <summary>The run named by workflow id and, when not empty, run id.</summary>
    public WorkflowRun? Find(string @namespace, string workflowId, string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            return FindLatest(@namespace, workflowId);
        }
        var run = FindByRunId(runId);
        return run is not null && run.Namespace == @namespace && run.WorkflowId == workflowId ? run : null;
    }

    /// <summary>Forgets the closed runs past their retention and returns them.</summary>
    public List<WorkflowRun> EvictExpired()
    {
        var evicted = new List<WorkflowRun>();
        var cutoff = wallClock.GetUtcNow() - retention;
        while (closedRuns.TryPeek(out var oldest) && oldest.ClosedAt <= cutoff)
        {
            closedRuns.Dequeue();
            var run = oldest.Run;
            evicted.Add(run);
            runsById.Remove(run.RunId);
            var key = (run.Namespace, run.WorkflowId);
            if (runsByWorkflowId.TryGetValue(key, out var runs))
            {
                runs.Remove(run);
                if (runs.Count == 0)
                {
                    runsByWorkflowId.Remove(key);
                }
            }
        }
        return evicted;
    }
}
