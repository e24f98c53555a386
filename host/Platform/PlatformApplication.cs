using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Demo;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Health;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Postgres;
using HelperPlatform.Host.Platform.Temporal;
using Microsoft.AspNetCore.HttpOverrides;
using Npgsql;
using Scalar.AspNetCore;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// Composes the host: the selected contexts' databases and Temporal workers, identity, the HTTP pipeline.
/// Program and the tests build it the same way, so tests exercise the real pipeline on Kestrel.
/// </summary>
public sealed class PlatformApplication : IAsyncDisposable
{
    public const string MigrateCommand = "migrate";
    private const string EmbeddedDatabaseName = "helperplatform";
    private readonly LocalPostgresCluster? embeddedPostgres;

    private PlatformApplication(WebApplication app, LocalPostgresCluster? embeddedPostgres)
    {
        App = app;
        this.embeddedPostgres = embeddedPostgres;
    }

    public WebApplication App { get; }

    /// <exception cref="PostgresUnavailableException">No connection string and no local PostgreSQL binaries.</exception>
    public static async Task<PlatformApplication> BuildAsync(string[] args)
    {
        args = EmbeddedPostgres.ReadOption(DemoSetup.ReadOption(args));
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--contexts"] = ContextSelection.ConfigurationKey });
        var selection = ContextSelection.Parse(builder.Configuration[ContextSelection.ConfigurationKey]);

        LocalPostgresCluster? embeddedPostgres = null;
        var connectionString = builder.Configuration.GetConnectionString(PlatformDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            embeddedPostgres = await EmbeddedPostgres.StartAsync(builder.Configuration);
            connectionString = await CreateEmbeddedDatabaseAsync(embeddedPostgres);
        }

        try
        {
            ConfigureServices(builder, selection, new PlatformDatabase(connectionString, IsEmbedded: embeddedPostgres is not null, IsKept: embeddedPostgres?.KeptIn is not null));
            var app = builder.Build();
            ConfigurePipeline(app, embeddedPostgres?.KeptIn);
            return new PlatformApplication(app, embeddedPostgres);
        }
        catch
        {
            if (embeddedPostgres is not null)
            {
                await embeddedPostgres.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (embeddedPostgres is not null)
        {
            await embeddedPostgres.DisposeAsync();
        }
    }

    private static void ConfigureServices(WebApplicationBuilder builder, ContextSelection selection, PlatformDatabase database)
    {
        var services = builder.Services;
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // EF logs a false error for each fresh schema's missing migrations history (dotnet/efcore#37328); a
        // command that really fails still surfaces as an exception to its caller, which logs it.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        // Likewise a failed SaveChanges: the callers that expect one (a taken code or email: a 409, a 202) handle it, and
        // one that nobody expects reaches the caller as an exception all the same.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Update", LogLevel.Critical);
        // A not-ready answer (Temporal still connecting at start) is the health endpoint's answer, not a fault of the
        // host; what makes a check fail logs itself (TemporalConnectionService, ContextWorkersService).
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Http:MaxRequestBodyBytes") ?? 1_048_576);

        services.AddSingleton(selection);
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DefinitionPublications>();
        foreach (var context in selection.Contexts)
        {
            services.AddContextDatabase(context, database.ConnectionString);
        }

        // Hosted services start in registration order: the schema must exist before data protection reads its key ring.
        services.AddHostedService<MigrateOnStartService>();
        services.AddPlatformIdentity(database.ConnectionString);
        services.AddPlatformTemporal(builder.Configuration, selection);
        services.AddContextServices(selection);
        // After the migrations (above): the demo's data goes into the schemas they create.
        services.AddDemoWhenAsked(builder.Configuration, selection);
        services.AddPlatformHealthChecks();
        services.AddPlatformRateLimiting(builder.Configuration);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
        {
            problem.ProblemDetails.Instance ??= problem.HttpContext.Request.Path;
            problem.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? problem.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<InfrastructureUnavailableExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new EnumNamesJsonConverter()));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Parsed here, not inside the options callback, so a typo stops the start instead of failing every request.
        var trustedProxies = TrustedProxies(builder.Configuration);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only configured proxies may speak for a client; otherwise any caller could dodge the rate limits.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trustedProxies)
            {
                options.KnownProxies.Add(proxy);
            }

            // With both lists empty the middleware believes every peer, so without a trusted proxy it must not run at all.
            options.ForwardedHeaders = trustedProxies.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
        services.AddPlatformOpenApi();
    }

    private static System.Net.IPAddress[] TrustedProxies(ConfigurationManager configuration) =>
        (configuration.GetSection("Http:TrustedProxies").Get<string[]>() ?? [])
            .Select(proxy => System.Net.IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"Http:TrustedProxies holds '{proxy}', which is not an IP address."))
            .ToArray();

    private static void ConfigurePipeline(WebApplication app, string? keptDataDirectory)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapLandingPageEndpoints();
        app.MapOpenApi().AllowAnonymous();
        // The reference opens with its bearer scheme chosen, so pasting a token is all "Authorize" takes.
        app.MapScalarApiReference(options => options.AddPreferredSecuritySchemes([ApiDocument.BearerScheme])).AllowAnonymous();
        app.MapHealthEndpoints();
        var api = app.MapGroup(string.Empty).RefuseUnreadableValues();
        api.MapAccountEndpoints();
        api.MapOpsEndpoints();
        api.MapContextEndpoints(app.Services.GetRequiredService<ContextSelection>());
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStart(app, keptDataDirectory));
    }

    private static void AnnounceStart(WebApplication app, string? keptDataDirectory)
    {
        var selection = app.Services.GetRequiredService<ContextSelection>();
        foreach (var url in app.Urls)
        {
            app.Logger.LogInformation(
                "HelperPlatform ({Contexts}) serves {Url} — API reference {Url}/scalar, OpenAPI {Url}/openapi/v1.json, health {Url}/health/ready",
                string.Join(", ", selection.Contexts), url, url, url, url);
        }

        var webUi = app.Services.GetRequiredService<TemporalClientProvider>().WebUiUrl;
        if (webUi is not null)
        {
            app.Logger.LogInformation("Temporal Web UI of the embedded dev server: {Url}", webUi);
        }

        if (keptDataDirectory is not null)
        {
            app.Logger.LogInformation(
                "The embedded PostgreSQL keeps its data in {Directory} (delete it, or start with --ephemeral, to start afresh)", keptDataDirectory);
        }

        // For the person at the console, not the log: one block with who can sign in, once.
        if (app.Services.GetRequiredService<SignInSheet>().Render(app.Urls, webUi) is { } signIns)
        {
            Console.Out.Write(signIns);
        }
    }

    private static async Task<string> CreateEmbeddedDatabaseAsync(LocalPostgresCluster cluster)
    {
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            // A kept cluster has it from an earlier start; its schemas are migrated on start like any other database's.
            await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{EmbeddedDatabaseName}'", connection);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {EmbeddedDatabaseName}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        return new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = EmbeddedDatabaseName }.ConnectionString;
    }
}
