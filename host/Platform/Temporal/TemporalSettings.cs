namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>The <c>Temporal</c> configuration section.</summary>
public sealed class TemporalSettings
{
    public const string Section = "Temporal";

    public const string Gzip = "gzip";

    public const string None = "none";

    /// <summary>
    /// <c>host:port</c> of the Temporal frontend. When empty the host starts the development server in-process
    /// (never in production, where docker-compose sets it).
    /// </summary>
    public string? Address { get; set; }

    /// <summary>
    /// Whether the in-process dev server keeps its runs in the platform's database (schema <c>temporal_dev</c>) and
    /// resumes them after a restart. Unset, it does exactly when the embedded PostgreSQL is kept (not <c>--ephemeral</c>);
    /// true makes it durable on any platform database (the orders benchmark compares both), false keeps it in memory.
    /// </summary>
    public bool? DurableDevServer { get; set; }

    public string Namespace { get; set; } = "default";

    /// <summary>
    /// gRPC compression of the calls to Temporal (the workers' polls and completions included): <c>gzip</c> or
    /// <c>none</c>. Unset, it is gzip to a configured cluster (the SDK's default, for calls that cross a network) and
    /// none to the in-process dev server, where compressing loopback calls only costs CPU on both ends.
    /// </summary>
    public string? GrpcCompression { get; set; }

    /// <summary>
    /// Whether the workers watch the runtime's task events to catch workflow code that schedules work outside the
    /// workflow's deterministic scheduler (a <c>Task.Run</c>, a <c>ConfigureAwait(false)</c>, a plain <c>Task.Delay</c>)
    /// and fail its workflow task instead of letting the workflow go nondeterministic. Unset in the configuration, it is
    /// set on start (<see cref="TemporalRegistration"/>): on in Development (the test suite sets it on), off elsewhere,
    /// because the watch is process-wide: with it every async method of the process (HTTP, database, the SDK) reports
    /// task events, which cost about a tenth of the CPU of an order in the orders benchmark.
    /// </summary>
    public bool? DetectInvalidWorkflowCalls { get; set; }

    /// <summary>The Temporal Web UI the embedded dev server serves; a configured cluster has its own (docker-compose's).</summary>
    public TemporalWebUiSettings WebUi { get; set; } = new();

    public static bool IsKnownCompression(string? compression) => compression is null or Gzip or None;
}

/// <summary>The <c>Temporal:WebUi</c> configuration section: where the embedded dev server serves the Temporal Web UI.</summary>
public sealed class TemporalWebUiSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>8233, as <c>temporal server start-dev</c> serves it; 0 picks a free port.</summary>
    public int Port { get; set; } = 8233;

    /// <summary>Loopback: the UI has no authentication. Any other address is logged as a warning.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";
}
