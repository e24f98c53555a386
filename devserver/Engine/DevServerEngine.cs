using HelperPlatform.DevServer.Executions;
using HelperPlatform.DevServer.Matching;
using HelperPlatform.DevServer.Persistence;
using HelperPlatform.DevServer.Time;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// The Temporal server behind the gRPC binding. One gate guards all state: every operation is short and in
/// memory, so a single lock keeps cross-run work (children, external signals) simple and correct, and long polls
/// wait outside it. A durable engine also notes every change for its journal, which writes it to PostgreSQL
/// outside the gate; calls are answered once their changes are written (<see cref="FlushAsync"/>).
/// </summary>
internal sealed class DevServerEngine : IAsyncDisposable
{
    /// <summary>How often closed runs past their retention are evicted; a run may outlive its retention by this much.</summary>
    private static readonly TimeSpan EvictionSweepInterval = TimeSpan.FromSeconds(1);

    private readonly ITimer evictionSweep;
    private readonly RunJournal? journal;
    private readonly ILogger recoveryLogger;

    public DevServerEngine(DevServerOptions options, TimeProvider wallClock, ILoggerFactory loggerFactory, DevServerDatabase? database = null)
    {
        if (database is not null)
        {
            journal = new RunJournal(Gate, database, wallClock, loggerFactory.CreateLogger<RunJournal>());
        }
        recoveryLogger = loggerFactory.CreateLogger<RunRecovery>();
        DefaultNamespace = options.Namespace;
        WallClock = wallClock;
        Clock = new ServerClock(wallClock);
        Skipping = new TimeSkippingLock(options.TimeSkipping);
        Store = new ExecutionStore(wallClock, options.CompletedRetention) { ChangeObserver = journal is null ? null : journal.NoteChanged };
        Queues = new TaskQueueRegistry(Gate, wallClock);
        Timers = new TimerService(Gate, Clock, Skipping, () => !Store.HasRunnableWork, loggerFactory.CreateLogger<TimerService>());
        WorkflowTasks = new WorkflowTaskDispatcher(this);
        Commands = new CommandProcessor(this);
        Activities = new ActivityTaskDispatcher(this);
        Starter = new WorkflowStarter(this);
        Lifecycle = new RunLifecycle(this);
        Control = new ExecutionControl(this);
        Queries = new QueryRouter(this);
        Updates = new UpdateRouter(this);
        History = new HistoryReader(this);
        Visibility = new VisibilityReader(this);
        Cluster = new ClusterCatalog(this);
        evictionSweep = wallClock.CreateTimer(_ => EvictExpired(), null, EvictionSweepInterval, EvictionSweepInterval);
    }

    public object Gate { get; } = new();

    public string DefaultNamespace { get; }

    /// <summary>Real time, for deadlines that time skipping must not move (a worker's time to finish a task).</summary>
    public TimeProvider WallClock { get; }

    public ServerClock Clock { get; }

    public TimeSkippingLock Skipping { get; }

    public ExecutionStore Store { get; }

    public TaskQueueRegistry Queues { get; }

    public TimerService Timers { get; }

    public WorkflowTaskDispatcher WorkflowTasks { get; }

    public CommandProcessor Commands { get; }

    public ActivityTaskDispatcher Activities { get; }

    public WorkflowStarter Starter { get; }

    public RunLifecycle Lifecycle { get; }

    public ExecutionControl Control { get; }

    public QueryRouter Queries { get; }

    public UpdateRouter Updates { get; }

    public HistoryReader History { get; }

    public VisibilityReader Visibility { get; }

    public ClusterCatalog Cluster { get; }

    public DateTimeOffset Now => Clock.Now;

    public bool IsDurable => journal is not null;

    /// <summary>Rebuilds the stored runs and starts writing changes; a durable engine's first step, before any call.</summary>
    public void Recover(IReadOnlyList<StoredRun> storedRuns)
    {
        lock (Gate)
        {
            new RunRecovery(this, recoveryLogger).Recover(storedRuns);
        }
        journal!.Start();
    }

    /// <summary>Completes when every change made so far is stored; at once on an in-memory engine.</summary>
    public Task FlushAsync() => journal?.FlushAsync() ?? Task.CompletedTask;

    /// <summary>As <see cref="FlushAsync"/>, for changes made up to now and not those that follow. Call under the gate.</summary>
    public Task CommittedSoFar() => journal?.CommittedSoFar() ?? Task.CompletedTask;

    /// <summary>Stops as a crash would: nothing more is written, and what is not yet written is lost.</summary>
    public async ValueTask HaltAsync()
    {
        if (journal is not null)
        {
            await journal.HaltAsync();
        }
        await evictionSweep.DisposeAsync();
        await Timers.DisposeAsync();
    }

    /// <summary>An empty namespace in a request means the server's default one.</summary>
    public string NamespaceOf(string requested) => string.IsNullOrEmpty(requested) ? DefaultNamespace : requested;

    /// <summary>Finds a run for a request; NOT_FOUND when there is none. Call under the gate.</summary>
    public WorkflowRun RequireRun(string @namespace, string workflowId, string? runId)
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        return Store.Find(NamespaceOf(@namespace), workflowId, runId) ?? throw RpcErrors.WorkflowNotFound(workflowId, runId);
    }

    /// <summary>Lets the timer pump re-check for idleness after a step that may have ended the last runnable work.</summary>
    public void NotifyProgress()
    {
        if (Skipping.IsUnlocked)
        {
            Timers.Wake();
        }
    }

    /// <summary>Completes when the server clock reaches <paramref name="instant"/>, skipping or not.</summary>
    public async Task SleepUntilAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            Timers.ScheduleAt(instant, () => reached.TrySetResult());
        }
        await reached.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await evictionSweep.DisposeAsync();
        await Timers.DisposeAsync();
        if (journal is not null)
        {
            await journal.DisposeAsync();
        }
    }

    private void EvictExpired()
    {
        lock (Gate)
        {
            var evicted = Store.EvictExpired();
            if (evicted.Count > 0)
            {
                journal?.NoteEvicted(evicted);
            }
        }
    }
}
