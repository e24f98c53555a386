using HelperPlatform.Host.Platform.Postgres;

namespace HelperPlatform.DevServer.Tests.Durable;

/// <summary>
/// One throwaway PostgreSQL cluster for the durable dev server's tests, started from the local server binaries as the
/// host's tests start theirs and removed by its watcher when the test process ends; every server gets its own schema.
/// </summary>
public static class ThrowawayPostgres
{
    private static readonly Lazy<Task<LocalPostgresCluster>> Shared = new(() => LocalPostgresCluster.StartAsync());

    /// <summary>Options for a durable server on a fresh schema of the shared cluster.</summary>
    public static async Task<DevServerOptions> DurableOptionsAsync(bool timeSkipping = false) => new()
    {
        DatabaseConnectionString = (await Shared.Value).ConnectionString,
        DatabaseSchema = $"dev_{Guid.NewGuid():N}",
        TimeSkipping = timeSkipping,
        Port = FreePort(),
        LoggerFactory = Conformance.DevServerLogging.FromEnvironment(),
    };

    /// <summary>The same port for the server that follows, so clients and workers reconnect to it as to a restarted process.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
