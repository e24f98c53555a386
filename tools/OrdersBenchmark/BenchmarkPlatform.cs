using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Host.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>A signed-in person of the benchmark and their account id.</summary>
internal sealed record Person(HttpClient Http, string Id);

/// <summary>
/// The real host started in-process on its embedded defaults (throwaway PostgreSQL cluster, Temporal dev server in
/// memory or durable in that cluster, contractor simulator), and the people and data a run needs. Accounts, the worker pool and the
/// stock are seeded through the host's own services: onboarding every worker through its tests, or stocking
/// the shelves by contractor deliveries, is not what this benchmark measures.
/// </summary>
internal sealed class BenchmarkPlatform : IAsyncDisposable
{
    public const string Password = "benchmark-password";
    public const string City = "Berlin";
    public const double Latitude = 52.5067;
    public const double Longitude = 13.3903;

    private readonly PlatformApplication platform;

    private BenchmarkPlatform(PlatformApplication platform, Uri address)
    {
        this.platform = platform;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The connection string of the platform's database: the embedded cluster, reached through its Unix socket.</summary>
    public string DatabaseConnectionString => platform.App.Services.GetRequiredService<PlatformDatabase>().ConnectionString;

    /// <param name="durableDevServer">The dev server keeps its runs in the platform's database, as on the kept embedded default.</param>
    public static async Task<BenchmarkPlatform> StartAsync(bool durableDevServer)
    {
        string[] settings =
        [
            "--urls=http://127.0.0.1:0",
            "--ephemeral",
            $"--Temporal:DurableDevServer={durableDevServer}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:FormatterName=simple",
            // Every automated person signs in from this one address.
            "--RateLimits:Anonymous:PermitsPerWindow=100000",
            // Golden Hat decides a charge in 50 ms (issue 18's benchmark).
            "--GoldenHat:EmbeddedProcessingDelay=00:00:00.050",
            .. PlatformRoles.Staff.SelectMany((role, index) => new[]
            {
                $"--DevelopmentAccounts:{index}:Email={role}@benchmark.test",
                $"--DevelopmentAccounts:{index}:Role={role}",
                $"--DevelopmentAccounts:{index}:Password={Password}",
            }),
        ];
        var platform = await PlatformApplication.BuildAsync(settings);
        await platform.App.StartAsync();
        var started = new BenchmarkPlatform(platform, new Uri(platform.App.Urls.Single()));
        await started.WaitUntilReadyAsync();
        return started;
    }

    /// <summary>The host's environment and whether it runs the SDK's watch for invalid workflow calls (off outside Development).</summary>
    public string Describe()
    {
        var watching = platform.App.Services.GetRequiredService<IOptions<TemporalSettings>>().Value.DetectInvalidWorkflowCalls is true;
        var durable = platform.App.Services.GetRequiredService<IOptions<TemporalSettings>>().Value.DurableDevServer is true;
        return $"Host environment {platform.App.Environment.EnvironmentName}; Temporal:DetectInvalidWorkflowCalls {(watching ? "on" : "off")}; dev server {(durable ? "durable (in the platform's database)" : "in memory")}.";
    }

    public Task<Person> StaffAsync(string role) => SignInAsync($"{role}@benchmark.test");

    public async Task<Person> NewAccountAsync(string role)
    {
        await using var scope = platform.App.Services.CreateAsyncScope();
        var email = $"{role}-{Guid.NewGuid():N}@benchmark.test";
        await scope.ServiceProvider.GetRequiredService<DevelopmentAccountsSeeder>().EnsureAccountAsync(email, role, role, Password);
        return await SignInAsync(email);
    }

    /// <summary>Workers in the city's pool as onboarding leaves them, scattered within about two kilometres of the address.</summary>
    public async Task<IReadOnlyList<Person>> JoinPoolAsync(int count, string skill, string city)
    {
        var workers = new List<Person>();
        var members = new List<WorkerPoolMember>();
        for (var index = 0; index < count; index++)
        {
            var worker = await NewAccountAsync(PlatformRoles.Worker);
            members.Add(new WorkerPoolMember
            {
                AccountId = Guid.Parse(worker.Id),
                ApplicationId = Guid.NewGuid(),
                DisplayName = $"Benchmark worker {index}",
                City = city,
                Skills = [skill],
                AddedAt = DateTimeOffset.UtcNow,
                Latitude = Latitude + ((index % 10) * 0.002),
                Longitude = Longitude + ((index / 10 % 10) * 0.003),
                Rating = 3.0m + (index % 21 / 10m),
            });
            workers.Add(worker);
        }

        await using var scope = platform.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkerPoolSeeding>().AddMissingAsync(members, CancellationToken.None);
        return workers;
    }

    public async Task StockAsync(string sku, int onHand)
    {
        await using var scope = platform.App.Services.CreateAsyncScope();
        Ensure(await scope.ServiceProvider.GetRequiredService<StockSeeding>().StockNewAsync(sku, onHand, CancellationToken.None), $"stock the new SKU {sku}");
    }

    /// <summary>Publishes the documented service type under its own code and skill.</summary>
    public static async Task PublishAsync(Person manager, string code, string sku, string skill)
    {
        var tree = ServiceTypeTree.Create(sku, skill);
        using var created = await manager.Http.PostAsJsonAsync("/api/service-types", new { code, name = "Benchmark cookies", definition = tree });
        Ensure(created.IsSuccessStatusCode, $"create the service type: {await created.Content.ReadAsStringAsync()}");
        var revision = (await created.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<int>();
        using var published = await manager.Http.PostAsJsonAsync($"/api/service-types/{code}/publish", new { revision });
        Ensure(published.IsSuccessStatusCode, $"publish the service type: {await published.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        await platform.App.StopAsync();
        await platform.DisposeAsync();
    }

    private async Task<Person> SignInAsync(string email)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Ensure(response.IsSuccessStatusCode, $"sign in {email}: {response.StatusCode}");
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await http.GetFromJsonAsync<JsonObject>("/api/auth/me");
        return new Person(http, me!["id"]!.GetValue<string>());
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!(await http.GetAsync("/health/ready")).IsSuccessStatusCode)
        {
            Ensure(DateTimeOffset.UtcNow < deadline, "the host did not become ready within a minute");
            await Task.Delay(100);
        }
    }

    private static void Ensure(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Could not {what}.");
        }
    }
}
