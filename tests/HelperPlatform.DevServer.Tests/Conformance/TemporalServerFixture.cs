using Temporalio.Client;
using Temporalio.Worker;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>
/// The server the conformance scenarios run against: a fresh in-process dev server with time skipping (durable on a
/// throwaway PostgreSQL cluster when DEVSERVER_DURABLE=1), or, when TEMPORAL_ADDRESS is set, that real Temporal server,
/// so the same assertions check the dev server's fidelity.
/// </summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    private TemporalDevServer? devServer;
    private TemporalClient? client;

    public ITemporalClient Client => client ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Null when the scenarios run against a real Temporal server.</summary>
    public TemporalDevServer? DevServer => devServer;

    public async Task InitializeAsync()
    {
        var address = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrEmpty(address))
        {
            var options = Environment.GetEnvironmentVariable("DEVSERVER_DURABLE") == "1"
                ? await Durable.ThrowawayPostgres.DurableOptionsAsync(timeSkipping: true)
                : new DevServerOptions { TimeSkipping = true, LoggerFactory = DevServerLogging.FromEnvironment() };
            devServer = await TemporalDevServer.StartAsync(options);
            address = devServer.Address;
        }
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address) { Namespace = "default" });
    }

    public async Task DisposeAsync()
    {
        if (devServer is not null)
        {
            await devServer.DisposeAsync();
        }
    }

    /// <summary>
    /// A long duration on the dev server, where time skipping makes it free; a short real one on a real server,
    /// which has no time skipping, so the same scenario still runs there.
    /// </summary>
    public TimeSpan LongOrShort(TimeSpan virtualDuration, TimeSpan realDuration) => devServer is null ? realDuration : virtualDuration;

    /// <summary>Lets the dev server jump over timers while the caller waits for a result; does nothing on a real server.</summary>
    public IDisposable AutoSkipTime() => devServer?.AutoSkipTime() ?? NoSkipping.Instance;

    /// <summary>Runs <paramref name="scenario"/> while a worker with the given workflows and activities polls a fresh task queue.</summary>
    public async Task<TResult> WithWorkerAsync<TResult>(
        Action<TemporalWorkerOptions> register, Func<string, Task<TResult>> scenario, string? taskQueue = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(scenario);
        taskQueue ??= $"tq-{Guid.NewGuid()}";
        var options = new TemporalWorkerOptions(taskQueue);
        register(options);
        using var worker = new TemporalWorker(Client, options);
        return await worker.ExecuteAsync(() => scenario(taskQueue));
    }

    public Task WithWorkerAsync(Action<TemporalWorkerOptions> register, Func<string, Task> scenario, string? taskQueue = null) =>
        WithWorkerAsync(
            register,
            async queue =>
            {
                await scenario(queue);
                return true;
            },
            taskQueue);

    private sealed class NoSkipping : IDisposable
    {
        public static readonly NoSkipping Instance = new();

        public void Dispose()
        {
            // Nothing was unlocked on a real server.
        }
    }
}
