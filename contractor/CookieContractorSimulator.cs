using Microsoft.Extensions.Logging.Abstractions;

namespace HelperPlatform.Contractor;

/// <summary>
/// A stand-in for the external cookie supplier, behaving like a real one over HTTP: it accepts purchase
/// orders, delivers later by calling the buyer's webhook with an HMAC-SHA256 signature, retries that callback
/// until it is acknowledged, and can be told to fail, be slow, or call back twice. Runs standalone
/// (<c>dotnet run --project contractor</c>) or in-process for tests and the platform's embedded default.
/// </summary>
public sealed class CookieContractorSimulator : IAsyncDisposable
{
    private readonly WebApplication app;

    private CookieContractorSimulator(WebApplication app, Uri address, SimulatorBehaviour behaviour, PurchaseOrderBook orders)
    {
        this.app = app;
        Address = address;
        Behaviour = behaviour;
        Orders = orders;
    }

    public Uri Address { get; }

    public SimulatorBehaviour Behaviour { get; }

    /// <summary>What the supplier has accepted and delivered, for tests to check against the buyer's books.</summary>
    public PurchaseOrderBook Orders { get; }

    public static async Task<CookieContractorSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CookieContractorSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Its own lines go to the caller's loggers; the web host's start-up lines ("Now listening", "Application
        // started", …) do not: embedded, they would repeat the host's for the simulator's port.
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(options.LoggerFactory ?? NullLoggerFactory.Instance));
        builder.WebHost.UseUrls(options.Urls);
        var behaviour = new SimulatorBehaviour(options.DeliveryDelay);
        var orders = new PurchaseOrderBook();
        builder.Services.AddSingleton(behaviour);
        builder.Services.AddSingleton(orders);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DeliveryDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryDispatcher>());
        builder.Services.AddHttpClient(DeliveryDispatcher.HttpClientName);

        var app = builder.Build();
        SimulatorEndpoints.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        return new CookieContractorSimulator(app, new Uri(address), behaviour, orders);
    }

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
