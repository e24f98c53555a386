using System.Net;
using HelperPlatform.DevServer.Engine;
using HelperPlatform.DevServer.GrpcBinding;
using HelperPlatform.DevServer.Hosting;
using HelperPlatform.DevServer.HttpApi;
using HelperPlatform.DevServer.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelperPlatform.DevServer;

/// <summary>
/// A server speaking Temporal's WorkflowService gRPC API well enough for the Temporal SDKs to run workflows
/// against it. For development and tests only: one process, in memory unless given a PostgreSQL database to keep
/// its runs in (<see cref="DevServerOptions.DatabaseConnectionString"/>).
/// </summary>
public sealed class TemporalDevServer : IAsyncDisposable
{
    /// <summary>Many workers share one HTTP/2 connection and each holds several long polls open.</summary>
    private const int MaxStreamsPerConnection = 10_000;

    private readonly WebApplication host;
    private readonly WebApplication? webUi;
    private readonly DevServerEngine engine;
    private readonly DevServerDatabase? database;

    private TemporalDevServer(
        WebApplication host, WebApplication? webUi, DevServerEngine engine, DevServerDatabase? database, string address, string? webUiUrl)
    {
        this.host = host;
        this.webUi = webUi;
        this.engine = engine;
        this.database = database;
        Address = address;
        WebUiUrl = webUiUrl;
    }

    /// <summary>"host:port", usable as TemporalClientConnectOptions.TargetHost.</summary>
    public string Address { get; }

    /// <summary>Where the Temporal Web UI and the HTTP API are served, "http://host:port"; null without a UI port.</summary>
    public string? WebUiUrl { get; }

    public string Namespace => engine.DefaultNamespace;

    /// <summary>The server clock: virtual when time skipping.</summary>
    public DateTimeOffset Now => engine.Now;

    /// <exception cref="DevServerDatabaseException">The database is given but cannot be reached or used.</exception>
    public static async Task<TemporalDevServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var database = options.DatabaseConnectionString is { } connectionString
            ? await DevServerDatabase.OpenAsync(connectionString, options.DatabaseSchema, cancellationToken)
            : null;
        DevServerEngine? engine = null;
        try
        {
            if (database is null)
            {
                engine = new DevServerEngine(options, TimeProvider.System, loggerFactory);
            }
            else
            {
                var storedRuns = await database.LoadAsync(DateTimeOffset.UtcNow - options.CompletedRetention, cancellationToken);
                engine = new DevServerEngine(options, TimeProvider.System, loggerFactory, database);
                engine.Recover(storedRuns);
                loggerFactory.CreateLogger<TemporalDevServer>().LogInformation(
                    "Dev server resumed {Open} open and {Closed} closed runs from schema {Schema}",
                    storedRuns.Count(run => run.ClosedAt is null), storedRuns.Count(run => run.ClosedAt is not null), options.DatabaseSchema);
            }
            return await ServeAsync(options, loggerFactory, engine, database, cancellationToken);
        }
        catch
        {
            // A port already taken, say: the journal's writer stops and the schema's lock is let go for the next try.
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }
            if (database is not null)
            {
                await database.DisposeAsync();
            }
            throw;
        }
    }

    private static async Task<TemporalDevServer> ServeAsync(
        DevServerOptions options, ILoggerFactory loggerFactory, DevServerEngine engine, DevServerDatabase? database, CancellationToken cancellationToken)
    {
        var builder = IsolatedWebHost.CreateBuilder(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
            kestrel.Limits.MinRequestBodyDataRate = null;
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.IgnoreUnknownServices = true;
            // Without a logger that writes anything, the interceptor would only add a layer to every call.
            if (loggerFactory.CreateLogger<CallLoggingInterceptor>().IsEnabled(LogLevel.Error))
            {
                grpc.Interceptors.Add<CallLoggingInterceptor>();
            }
            if (engine.IsDurable)
            {
                grpc.Interceptors.Add<DurableAnswerInterceptor>();
            }
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton<WorkflowServiceEndpoint>();
        builder.Services.AddSingleton<TestServiceEndpoint>();
        builder.Services.AddSingleton<OperatorServiceEndpoint>();
        builder.Services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<WorkflowServiceEndpoint>>(
            new ProtobufServiceMethodProvider<WorkflowServiceEndpoint>(
                Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0]));
        builder.Services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<OperatorServiceEndpoint>>(
            new ProtobufServiceMethodProvider<OperatorServiceEndpoint>(Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0]));
        builder.Services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<TestServiceEndpoint>>(
            new ProtobufServiceMethodProvider<TestServiceEndpoint>(Temporalio.Api.TestService.V1.ServiceReflection.Descriptor.Services[0]));

        var app = builder.Build();
        app.MapGrpcService<WorkflowServiceEndpoint>();
        app.MapGrpcService<TestServiceEndpoint>();
        app.MapGrpcService<OperatorServiceEndpoint>();
        app.MapFallback(UnknownMethodResponder.RespondAsync);
        await app.StartAsync(cancellationToken);

        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = $"{options.BindAddress}:{new Uri(listening).Port}";
        loggerFactory.CreateLogger<TemporalDevServer>().LogInformation(
            "HelperPlatform Temporal dev server listening on {Address}: {Storage}, for development and tests only, not for production",
            address,
            engine.IsDurable ? $"durable in PostgreSQL schema {options.DatabaseSchema}" : "in-memory");
        if (options.UiPort is null)
        {
            return new TemporalDevServer(app, webUi: null, engine, database, address, webUiUrl: null);
        }
        try
        {
            var (webUi, webUiUrl) = await WebUiHost.StartAsync(options, engine, loggerFactory, cancellationToken);
            loggerFactory.CreateLogger<TemporalDevServer>().LogInformation("Temporal Web UI at {Url}", webUiUrl);
            return new TemporalDevServer(app, webUi, engine, database, address, webUiUrl);
        }
        catch (IOException exception)
        {
            // The UI is a convenience: a taken port (another dev server's UI) must not keep workflows from running.
            loggerFactory.CreateLogger<TemporalDevServer>().LogWarning(
                "The Temporal Web UI cannot listen on {Address}:{Port} ({Reason}); the dev server runs without it",
                options.UiBindAddress, options.UiPort, exception.Message);
            return new TemporalDevServer(app, webUi: null, engine, database, address, webUiUrl: null);
        }
    }

    /// <summary>Open executions and closed ones still within their retention; the benchmark reports it.</summary>
    internal int HeldExecutionCount
    {
        get
        {
            lock (engine.Gate)
            {
                return engine.Store.Count;
            }
        }
    }

    /// <summary>Whether the workflow's newest run holds the update, admitted or further; tests wait for it.</summary>
    internal bool HasUpdate(string workflowId, string updateId)
    {
        lock (engine.Gate)
        {
            return engine.Store.FindLatest(Namespace, workflowId)?.Updates.ContainsKey(updateId) == true;
        }
    }

    /// <summary>Completes once every change so far is stored, for tests of what survives a crash; at once in memory.</summary>
    internal Task WaitUntilStoredAsync() => engine.FlushAsync();

    /// <summary>Advances the virtual clock, firing due timers and timeouts in order.</summary>
    public Task SkipTimeAsync(TimeSpan duration)
    {
        engine.Timers.SkipBy(duration);
        return Task.CompletedTask;
    }

    /// <summary>
    /// While the returned scope is alive, whenever no workflow or activity task is queued or running, the clock
    /// jumps to the next timer or timeout.
    /// </summary>
    public IDisposable AutoSkipTime()
    {
        if (!engine.Skipping.Enabled)
        {
            throw new InvalidOperationException("This dev server was started without TimeSkipping.");
        }
        engine.Skipping.Unlock();
        engine.NotifyProgress();
        return new SkipScope(engine);
    }

    public async ValueTask DisposeAsync()
    {
        if (webUi is not null)
        {
            await webUi.StopAsync(TimeSpan.FromSeconds(5));
            await webUi.DisposeAsync();
        }
        await host.StopAsync(TimeSpan.FromSeconds(5));
        await host.DisposeAsync();
        await engine.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>
    /// Stops as a crash would, for tests of a durable server: nothing more is written (what is not yet committed
    /// is lost) and calls in progress are cut off unanswered.
    /// </summary>
    internal async Task CrashAsync()
    {
        await engine.HaltAsync();
        if (webUi is not null)
        {
            await webUi.StopAsync(TimeSpan.Zero);
            await webUi.DisposeAsync();
        }
        await host.StopAsync(TimeSpan.Zero);
        await host.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    private sealed class SkipScope(DevServerEngine engine) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                engine.Skipping.Lock();
            }
        }
    }
}
