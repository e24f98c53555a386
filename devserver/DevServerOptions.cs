using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer;

/// <summary>How to run the development server: in memory (the default) or durable in PostgreSQL.</summary>
public sealed class DevServerOptions
{
    /// <summary>The port to listen on; 0 picks a free loopback port.</summary>
    public int Port { get; set; }

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The namespace used when a request names none. Requests may name any namespace.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>
    /// Whether the clock may jump to the next timer when nothing is runnable. Skipping starts locked, as on the
    /// Temporal test server; <see cref="TemporalDevServer.AutoSkipTime"/> or the TestService unlock it.
    /// </summary>
    public bool TimeSkipping { get; set; }

    /// <summary>How long closed executions stay readable before they are evicted.</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The port of the Temporal Web UI and Temporal's HTTP API; null serves neither, 0 picks a free port.
    /// </summary>
    public int? UiPort { get; set; }

    /// <summary>Loopback by default: the UI has no authentication. Any other address logs a warning.</summary>
    public string UiBindAddress { get; set; } = "127.0.0.1";

    /// <summary>The built Web UI (a static single-page app with index.html); without it the UI port serves only the HTTP API.</summary>
    public string? UiAssetsDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "webui");

    /// <summary>
    /// A PostgreSQL connection string: the server keeps its runs there and resumes them when it starts again.
    /// Null (the default) keeps everything in memory.
    /// </summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>The schema of the server's tables in that database, created on start if missing.</summary>
    public string DatabaseSchema { get; set; } = "temporal_dev";

    public ILoggerFactory? LoggerFactory { get; set; }
}
