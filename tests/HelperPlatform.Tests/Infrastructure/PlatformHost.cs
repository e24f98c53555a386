using System.Net.Http.Headers;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.DevServer;
using HelperPlatform.Host.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelperPlatform.Tests.Infrastructure;

/// <summary>
/// The real host (the same composition as <c>dotnet run --project host</c>) on Kestrel at a free loopback
/// port, against its own database on the shared test PostgreSQL server and its own Temporal dev server
/// (with time skipping, so tests control the clock through <see cref="Temporal"/>).
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    public const string StaffPassword = "staff-password-for-tests";

    private readonly PlatformApplication platform;
    private readonly bool ownsTemporal;
    private bool temporalStopped;

    private PlatformHost(PlatformApplication platform, TemporalDevServer temporal, bool ownsTemporal, string connectionString, Uri address)
    {
        this.platform = platform;
        this.ownsTemporal = ownsTemporal;
        Temporal = temporal;
        ConnectionString = connectionString;
        Address = address;
    }

    public TemporalDevServer Temporal { get; private set; }

    public string ConnectionString { get; }

    public Uri Address { get; }

    public IServiceProvider Services => platform.App.Services;

    /// <param name="settings">Configuration on top of the defaults, as <c>key=value</c> (e.g. <c>Platform:Contexts=Ordering</c>).</param>
    public static Task<PlatformHost> StartAsync(params string[] settings) => StartAsync(database => database, settings);

    /// <param name="database">Shapes the connection string of the test's fresh database (e.g. a smaller pool).</param>
    /// <param name="settings">Configuration on top of the defaults, as <c>key=value</c>.</param>
    public static async Task<PlatformHost> StartAsync(Func<NpgsqlConnectionStringBuilder, NpgsqlConnectionStringBuilder> database, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        var server = await PostgresServer.GetAsync();
        var connectionString = database(new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync())).ConnectionString;
        var temporal = await TemporalDevServer.StartAsync(new DevServerOptions { TimeSkipping = true });
        return await StartAsync(connectionString, temporal, ownsTemporal: true, settings);
    }

    /// <summary>
    /// A second process of the same deployment: another host on <paramref name="running"/>'s database and Temporal
    /// server (e.g. one context started later); disposing it leaves both to <paramref name="running"/>.
    /// </summary>
    public static Task<PlatformHost> StartBesideAsync(PlatformHost running, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(running);
        return StartAsync(running.ConnectionString, running.Temporal, ownsTemporal: false, settings);
    }

    private static async Task<PlatformHost> StartAsync(string connectionString, TemporalDevServer temporal, bool ownsTemporal, string[] settings)
    {
        string[] defaults =
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Platform={connectionString}",
            $"--Temporal:Address={temporal.Address}",
            // Every workflow path the tests drive runs under the SDK's watch for nondeterministic task scheduling.
            "--Temporal:DetectInvalidWorkflowCalls=true",
            "--Database:MigrateOnStart=true",
            // Statements would start payouts in every test that skips days; the statement tests turn them on.
            "--Invoicing:StatementsOnSchedule=false",
            // Likewise the daily settlement reconciliation; its tests turn it on.
            "--Invoicing:ReconcileSettlements=false",
            // Standing sweeps wake once a day, so a test that skips time over a day-long wait steps through one pass
            // rather than hundreds; the reconciliation tests shorten the period.
            "--Ordering:Reconciliation:Period=1.00:00:00",
            "--Onboarding:ReconciliationPeriod=1.00:00:00",
            "--Totalizator:BetReconciliationPeriod=1.00:00:00",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:FormatterName=simple",
            // A generous anonymous budget, so only the rate-limit tests (which lower it) ever see 429.
            "--RateLimits:Anonymous:PermitsPerWindow=10000",
            .. PlatformRoles.Staff.SelectMany((role, index) => new[]
            {
                $"--DevelopmentAccounts:{index}:Email={role}@staff.test",
                $"--DevelopmentAccounts:{index}:Role={role}",
                $"--DevelopmentAccounts:{index}:Password={StaffPassword}",
            }),
        ];
        var platform = await PlatformApplication.BuildAsync([.. defaults, .. settings.Select(setting => $"--{setting}")]);
        try
        {
            await platform.App.StartAsync();
        }
        catch
        {
            // A host that refuses its settings leaves nothing running behind the failed test.
            await platform.DisposeAsync();
            if (ownsTemporal)
            {
                await temporal.DisposeAsync();
            }

            throw;
        }

        var address = platform.App.Urls.Single();
        return new PlatformHost(platform, temporal, ownsTemporal, connectionString, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>A client signed in with a fresh account of <paramref name="role"/>.</summary>
    public async Task<HttpClient> CreateClientAsync(string role)
    {
        var email = PlatformRoles.Staff.Contains(role) ? $"{role}@staff.test" : await CreateAccountAsync(role);
        var client = CreateClient();
        var token = await SignInAsync(client, email, StaffPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    /// <summary>A client signed in with a new account of <paramref name="role"/>, staff too (e.g. a second manager).</summary>
    public async Task<HttpClient> CreateClientWithNewAccountAsync(string role)
    {
        var client = CreateClient();
        var token = await SignInAsync(client, await CreateAccountAsync(role), StaffPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public static async Task<TokenResponse> SignInAsync(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>Stops the host's Temporal dev server, as an outage would; the host keeps running.</summary>
    public async Task StopTemporalAsync()
    {
        temporalStopped = true;
        await Temporal.DisposeAsync();
    }

    /// <summary>
    /// Replaces the host's dev server with a fresh one at the same address, as a restart of the in-memory server would:
    /// every workflow is gone, and the host reconnects by itself.
    /// </summary>
    public async Task RestartTemporalAsync()
    {
        var port = new Uri($"http://{Temporal.Address}").Port;
        await Temporal.DisposeAsync();
        Temporal = await TemporalDevServer.StartAsync(new DevServerOptions { Port = port, TimeSkipping = true });
    }

    public async ValueTask DisposeAsync()
    {
        await platform.App.StopAsync();
        await platform.DisposeAsync();
        if (ownsTemporal && !temporalStopped)
        {
            await Temporal.DisposeAsync();
        }

        if (ownsTemporal)
        {
            // Npgsql keeps a stopped host's idle connections for minutes; closing them now keeps the run's many hosts
            // together under the server's max_connections (else a busy test meets "too many clients" as a 503).
            NpgsqlConnection.ClearPool(new NpgsqlConnection(PersistenceRegistration.WithPoolTuning(ConnectionString)));
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        }
    }

    /// <summary>Waits until every selected context's worker polls its task queue.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The host did not become ready: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<string> CreateAccountAsync(string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        var user = new PlatformUser { UserName = email, Email = email, DisplayName = role, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, StaffPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }
}

public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
