using Microsoft.Extensions.Logging.Abstractions;

namespace HelperPlatform.GoldenHat;

/// <summary>
/// A stand-in for Golden Hat, the external card processor, behaving like a real one over HTTP (Stripe's rules
/// are the model): tokenised payment methods, charges and refunds under idempotency keys, a fee per charge,
/// signed webhooks delivered at least once, a settlement report, and switches to make it fail. Runs standalone
/// (<c>dotnet run --project goldenhat</c>) or in-process for tests and the platform's embedded default.
/// </summary>
public sealed class GoldenHatSimulator : IAsyncDisposable
{
    private readonly WebApplication app;

    private GoldenHatSimulator(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public SimulatorBehaviour Behaviour => app.Services.GetRequiredService<SimulatorBehaviour>();

    /// <summary>Golden Hat's records, for tests to check against the merchant's books (e.g. count the charges of a reference).</summary>
    public PaymentBook Book => app.Services.GetRequiredService<PaymentBook>();

    public WebhookDispatcher Webhooks => app.Services.GetRequiredService<WebhookDispatcher>();

    public static async Task<GoldenHatSimulator> StartAsync(GoldenHatOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey) || string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            throw new ArgumentException("Golden Hat needs an API key and a webhook secret.", nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GoldenHatSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Its own lines go to the caller's loggers; the web host's start-up lines would repeat the host's when embedded.
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(options.LoggerFactory ?? NullLoggerFactory.Instance));
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSingleton(options);
        var behaviour = new SimulatorBehaviour(options.ProcessingDelay);
        if (options.Behaviour is { } initial)
        {
            behaviour.Apply(initial);
        }

        builder.Services.AddSingleton(behaviour);
        builder.Services.AddSingleton(new PaymentBook(options.TimeProvider));
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddSingleton<PaymentProcessor>();
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        ApiGate.Use(app);
        ApiEndpoints.Map(app);
        SimulatorEndpoints.Map(app);
        await app.StartAsync(cancellationToken);
        return new GoldenHatSimulator(app, new Uri(app.Urls.First()));
    }

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>Hands the simulator's loggers from the caller's factory (the host's, when embedded); the caller owns the factory.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory loggerFactory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => loggerFactory.CreateLogger(categoryName);

    public void Dispose()
    {
        // Not ours to dispose.
    }
}
