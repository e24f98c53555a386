using HelperPlatform.DevServer;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// Connects the process to Temporal and keeps trying with backoff while the cluster is unreachable, so the
/// host stays up (and says it is not ready) instead of crashing when Temporal starts after it. Without a
/// configured address it starts the dev server in-process, the embedded default: durable in its own schema of the
/// kept embedded PostgreSQL, so workflows survive a restart; in memory with <c>--ephemeral</c> or a configured database,
/// unless <see cref="TemporalSettings.DurableDevServer"/> says otherwise.
/// </summary>
public sealed class TemporalConnectionService(
    TemporalClientProvider connection,
    IOptions<TemporalSettings> settings,
    PlatformDatabase database,
    ILoggerFactory loggerFactory,
    ILogger<TemporalConnectionService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private TemporalDevServer? embeddedServer;

    /// <summary>
    /// The embedded dev server starts before the host reports itself started, so the start-up block can name its
    /// Web UI. Connecting (which may retry for long) goes on in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Value.Address))
        {
            var webUi = settings.Value.WebUi;
            var durable = settings.Value.DurableDevServer ?? database.IsKept;
            embeddedServer = await TemporalDevServer.StartAsync(
                new DevServerOptions
                {
                    Namespace = settings.Value.Namespace,
                    LoggerFactory = loggerFactory,
                    UiPort = webUi.Enabled ? webUi.Port : null,
                    UiBindAddress = webUi.BindAddress,
                    DatabaseConnectionString = durable ? database.ConnectionString : null,
                    DatabaseSchema = PlatformDatabase.DevServerSchema,
                },
                cancellationToken);
            connection.UsesEmbeddedServer = true;
            connection.WebUiUrl = embeddedServer.WebUiUrl;
            if (durable)
            {
                logger.LogWarning(
                    "Temporal:Address is not configured, so the Temporal dev server runs in-process at {Address}, keeping its " +
                    "workflows in schema {Schema} of the platform's database: they survive a restart; not for production",
                    embeddedServer.Address,
                    PlatformDatabase.DevServerSchema);
            }
            else
            {
                logger.LogWarning(
                    "Temporal:Address is not configured, so the in-memory Temporal dev server runs in-process at {Address}: " +
                    "workflows do not survive a restart; not for production",
                    embeddedServer.Address);
            }
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (embeddedServer is not null)
        {
            await embeddedServer.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var address = embeddedServer?.Address ?? settings.Value.Address!;

        var compression = settings.Value.GrpcCompression ?? (embeddedServer is null ? TemporalSettings.Gzip : TemporalSettings.None);
        connection.GrpcCompression = compression;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
                {
                    Namespace = settings.Value.Namespace,
                    LoggerFactory = loggerFactory,
                    GrpcCompression = compression == TemporalSettings.None ? new GrpcCompression.None() : new GrpcCompression.Gzip(),
                });
                connection.Connected(address, client);
                logger.LogInformation("Connected to Temporal at {Address}, namespace {Namespace}", address, settings.Value.Namespace);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                connection.ReportProblem(address, $"Temporal at {address} is unreachable: {e.Message}");
                logger.LogWarning("Temporal at {Address} is unreachable ({Error}); retrying in {Backoff}", address, e.Message, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
