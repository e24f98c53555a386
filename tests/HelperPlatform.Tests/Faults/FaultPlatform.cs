using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Host.Platform.Postgres;
using HelperPlatform.Tests.Ordering;
using Npgsql;

namespace HelperPlatform.Tests.Faults;

/// <summary>A signed-in person of a fault scenario and their account id.</summary>
internal sealed record Person(HttpClient Http, string Id);

/// <summary>How the platform's parts are laid out in processes.</summary>
internal enum FaultPlatformLayout
{
    /// <summary>Every part its own process; the dev server in memory, so a killed one forgets every workflow.</summary>
    SeparateProcesses,

    /// <summary>Every part its own process; the dev server keeps its state in its own database of the test's cluster.</summary>
    DurableDevServer,

    /// <summary>
    /// The host on its embedded default (<c>dotnet run --project host</c>): its PostgreSQL kept in a data directory and
    /// the durable dev server in its process, so a killed host takes both down; the simulators are their own processes.
    /// </summary>
    EmbeddedDefault,
}

/// <summary>
/// The platform as it runs in production, on this machine, each part its own OS process that a scenario can kill
/// or stop: a PostgreSQL cluster the test owns, the Temporal dev server (<c>devserver/</c>), the cookie
/// contractor simulator (<c>contractor/</c>), the Golden Hat simulator (<c>goldenhat/</c>) and the host (<c>dotnet HelperPlatform.Host.dll</c>, the Production
/// environment, migrating on start); or the host on its embedded default beside the simulators (<see cref="FaultPlatformLayout"/>).
/// Every process keeps its port across restarts, so the others find it again.
/// The dev server runs with time skipping locked (its clock is the wall clock) so a scenario can move it to a timer
/// far ahead (<see cref="SkipTemporalTimeAsync"/>).
/// </summary>
internal sealed class FaultPlatform : IAsyncDisposable
{
    public const string Password = "fault-suite-password";

    /// <summary>How long a person's app waits for an answer.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);
    private const string WebhookSecret = "fault-suite-webhook-secret";
    private const string GoldenHatApiKey = "gh_fault_suite_key";
    private const string GoldenHatWebhookSecret = "fault-suite-golden-hat-secret";
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    private readonly LocalPostgresCluster? cluster;
    private readonly string? dataDirectory;
    private readonly string? clusterConnectionString;
    private readonly int workerAccounts;
    private readonly string[] hostSettings;
    private readonly int hostPort = ChildProcess.FreeLoopbackPort();
    private readonly int temporalPort = ChildProcess.FreeLoopbackPort();
    private readonly int contractorPort = ChildProcess.FreeLoopbackPort();
    private readonly int goldenHatPort = ChildProcess.FreeLoopbackPort();
    private ChildProcess? temporal;
    private ChildProcess? contractor;
    private ChildProcess? goldenHat;
    private ChildProcess? host;

    private FaultPlatform(LocalPostgresCluster? cluster, string? dataDirectory, bool durableDevServer, int workerAccounts, string[] hostSettings)
    {
        this.cluster = cluster;
        this.dataDirectory = dataDirectory;
        this.workerAccounts = workerAccounts;
        this.hostSettings = hostSettings;
        if (cluster is not null)
        {
            clusterConnectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "platform" }.ConnectionString;
            TemporalConnectionString = durableDevServer ? new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "temporal" }.ConnectionString : null;
        }
    }

    public Uri Address => new($"http://127.0.0.1:{hostPort}");

    public string TemporalAddress => $"127.0.0.1:{temporalPort}";

    public Uri ContractorAddress => new($"http://127.0.0.1:{contractorPort}");

    public Uri GoldenHatAddress => new($"http://127.0.0.1:{goldenHatPort}");

    /// <summary>The platform's database (superuser), as the host connects to it; on the embedded default, the running host's.</summary>
    public string ConnectionString => clusterConnectionString ?? EmbeddedConnectionString();

    /// <summary>The platform's database for the scenario's setup, its waits and its audit.</summary>
    // Not pooled: a pooled connection would be dead after PostgreSQL restarted.
    public string TestConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>The durable dev server's database, or null when it runs in memory.</summary>
    private string? TemporalConnectionString { get; }

    /// <summary>Starts every process, and the host with <paramref name="workerAccounts"/> worker accounts besides the staff.</summary>
    /// <param name="hostSettings">The host's configuration on top of the scenario's, as <c>key=value</c>.</param>
    public static async Task<FaultPlatform> StartAsync(FaultPlatformLayout layout, int workerAccounts, params string[] hostSettings)
    {
        FaultPlatform platform;
        if (layout == FaultPlatformLayout.EmbeddedDefault)
        {
            // Not CreateTempSubdirectory (mode 0700): as root, PostgreSQL runs as an unprivileged account that must reach the data directory inside.
            var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"helperplatform-fault-suite-{Guid.NewGuid():N}")).FullName;
            platform = new FaultPlatform(cluster: null, directory, durableDevServer: true, workerAccounts, hostSettings);
        }
        else
        {
            platform = new FaultPlatform(await LocalPostgresCluster.StartAsync(), dataDirectory: null, layout == FaultPlatformLayout.DurableDevServer, workerAccounts, hostSettings);
        }

        try
        {
            if (platform.cluster is { } cluster)
            {
                await using var admin = new NpgsqlConnection(cluster.ConnectionString);
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand(platform.TemporalConnectionString is null ? "CREATE DATABASE platform" : "CREATE DATABASE platform; CREATE DATABASE temporal", admin);
                await create.ExecuteNonQueryAsync();
                platform.StartTemporal();
            }

            await platform.StartContractorAsync();
            await platform.StartGoldenHatAsync();
            await platform.StartHostAsync();
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the host process and waits until it is ready (PostgreSQL and Temporal answer, every worker polls).</summary>
    public async Task StartHostAsync()
    {
        string[] where = cluster is null
            ? [$"--Platform:DataDirectory={Path.Combine(dataDirectory!, "postgres")}", "--Temporal:WebUi:Enabled=false"]
            : [$"--ConnectionStrings:Platform={ConnectionString}", $"--Temporal:Address={TemporalAddress}"];
        string[] settings =
        [
            $"--urls=http://127.0.0.1:{hostPort}",
            .. where,
            $"--Contractor:BaseUrl={ContractorAddress}",
            $"--Contractor:WebhookSecret={WebhookSecret}",
            $"--GoldenHat:BaseUrl={GoldenHatAddress}",
            $"--GoldenHat:ApiKey={GoldenHatApiKey}",
            $"--GoldenHat:WebhookSecret={GoldenHatWebhookSecret}",
            "--Database:MigrateOnStart=true",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:FormatterName=simple",
            // Every person of the scenario signs in from this one address.
            "--RateLimits:Anonymous:PermitsPerWindow=100000",
            .. Accounts().SelectMany((account, index) => new[]
            {
                $"--DevelopmentAccounts:{index}:Email={account.Email}",
                $"--DevelopmentAccounts:{index}:Role={account.Role}",
                $"--DevelopmentAccounts:{index}:Password={Password}",
            }),
            .. hostSettings.Select(setting => $"--{setting}"),
        ];
        host = ChildProcess.Start("host", "HelperPlatform.Host", settings, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        await WaitUntilReadyAsync();
    }

    /// <summary><c>kill -9</c> of the host: no shutdown code runs.</summary>
    public Task KillHostAsync() => Require(host).KillAsync();

    public Task StopPostgresAsync() => Require(cluster).StopServerAsync();

    public Task StartPostgresAsync() => Require(cluster).StartServerAsync();

    /// <summary>Kills the dev server: an in-memory one forgets every workflow; a durable one keeps what it acknowledged.</summary>
    public Task KillTemporalAsync() => Require(temporal).KillAsync();

    /// <summary>A new dev server on the same port: empty in memory, or resuming from its database.</summary>
    public void StartTemporal() => temporal = ChildProcess.Start(
        "devserver",
        "HelperPlatform.DevServer",
        [
            "--port", temporalPort.ToString(CultureInfo.InvariantCulture),
            "--time-skipping",
            .. TemporalConnectionString is null ? Array.Empty<string>() : ["--database", TemporalConnectionString],
        ]);

    /// <summary>Kills the contractor simulator; it forgets every purchase order it accepted.</summary>
    public Task KillContractorAsync() => Require(contractor).KillAsync();

    /// <summary>A new simulator on the same port, delivering <paramref name="deliveryDelay"/> after it accepts an order (2 s by default).</summary>
    public async Task StartContractorAsync(TimeSpan? deliveryDelay = null)
    {
        contractor = ChildProcess.Start(
            "contractor",
            "HelperPlatform.Contractor",
            [
                "--urls", ContractorAddress.ToString(),
                "--Contractor:WebhookSecret", WebhookSecret,
                "--Contractor:DeliveryDelay", (deliveryDelay ?? TimeSpan.FromSeconds(2)).ToString("c", CultureInfo.InvariantCulture),
            ]);
        using var http = new HttpClient { BaseAddress = ContractorAddress };
        await Eventually.HoldsAsync(
            () => Eventually.AnswersAsync(http, "/simulator/behaviour"),
            StartLimit,
            () => $"the contractor simulator did not answer{Environment.NewLine}{contractor.Tail()}");
    }

    /// <summary>The Golden Hat simulator, sending its webhooks to the host.</summary>
    private async Task StartGoldenHatAsync()
    {
        goldenHat = ChildProcess.Start(
            "goldenhat",
            "HelperPlatform.GoldenHat",
            [
                "--urls", GoldenHatAddress.ToString(),
                "--GoldenHat:ApiKey", GoldenHatApiKey,
                "--GoldenHat:WebhookSecret", GoldenHatWebhookSecret,
                "--GoldenHat:WebhookUrl", new Uri(Address, PaymentWebhookEndpoints.Path).ToString(),
            ]);
        using var http = new HttpClient { BaseAddress = GoldenHatAddress };
        await Eventually.HoldsAsync(
            () => Eventually.AnswersAsync(http, "/simulator/behaviour"),
            StartLimit,
            () => $"the Golden Hat simulator did not answer{Environment.NewLine}{goldenHat.Tail()}");
    }

    /// <summary>Switches Golden Hat's API to <paramref name="outage"/> (<see cref="Outages"/>); the simulator keeps every payment.</summary>
    public async Task SetGoldenHatOutageAsync(string outage)
    {
        using var http = new HttpClient { BaseAddress = GoldenHatAddress };
        using var response = await http.PutAsJsonAsync("/simulator/behaviour", new BehaviourChange(Outage: outage));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The charges Golden Hat has decided as succeeded, as its settlement report counts them: how many, and their sum.</summary>
    public async Task<(int Count, decimal Amount)> GoldenHatChargesAsync()
    {
        using var http = new HttpClient { BaseAddress = GoldenHatAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GoldenHatApiKey);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = await http.GetFromJsonAsync<List<SettlementDay>>(
            $"/v1/settlements?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        return (days!.Sum(day => day.Charges), days!.Sum(day => day.ChargedAmount));
    }

    /// <summary>How many of the platform's purchase orders the contractor has accepted (it answers <c>GET /purchase-orders/{id}</c> for them).</summary>
    public async Task<int> PurchasesTheContractorKnowsAsync()
    {
        var known = 0;
        using var http = new HttpClient { BaseAddress = ContractorAddress };
        await using var connection = new NpgsqlConnection(TestConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM warehouse.purchase_orders", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            using var response = await http.GetAsync($"/purchase-orders/{reader.GetGuid(0)}");
            known += response.IsSuccessStatusCode ? 1 : 0;
        }

        return known;
    }

    /// <summary>
    /// Moves the dev server's clock by <paramref name="skip"/> (to a workflow's timer that far ahead) through the Temporal
    /// TestService: the clock jumps from timer to timer while nothing runs, then time skipping is locked again.
    /// </summary>
    public async Task SkipTemporalTimeAsync(TimeSpan skip)
    {
        var client = await Temporalio.Client.TemporalClient.ConnectAsync(new Temporalio.Client.TemporalClientConnectOptions(TemporalAddress));
        await client.Connection.TestService.UnlockTimeSkippingWithSleepAsync(
            new Temporalio.Api.TestService.V1.SleepRequest { Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(skip) });
    }

    /// <summary>A staff member of <paramref name="role"/>, or the scenario's one client.</summary>
    public Task<Person> PersonAsync(string role) => SignInAsync($"{role}@faults.test");

    public async Task<IReadOnlyList<Person>> WorkersAsync()
    {
        var workers = new List<Person>();
        foreach (var (email, _) in Accounts().Where(account => account.Role == PlatformRoles.Worker))
        {
            workers.Add(await SignInAsync(email));
        }

        return workers;
    }

    /// <summary>
    /// Puts the workers in the pool of Berlin with <paramref name="skill"/>, as onboarding leaves them, and the SKU on the
    /// shelves; onboarding every worker through its tests is not what a fault scenario is about.
    /// </summary>
    public async Task SeedAsync(IReadOnlyList<Person> workers, string skill, string sku, int onHand)
    {
        await using var connection = new NpgsqlConnection(TestConnectionString);
        await connection.OpenAsync();
        foreach (var (worker, index) in workers.Select((worker, index) => (worker, index)))
        {
            await using var join = new NpgsqlCommand(
                """
                INSERT INTO onboarding.worker_pool (account_id, application_id, display_name, city, skills, added_at, active, latitude, longitude, rating)
                VALUES (@account, @application, @name, @city, ARRAY[@skill], now(), true, @latitude, @longitude, 4.0)
                """,
                connection);
            join.Parameters.AddWithValue("account", Guid.Parse(worker.Id));
            join.Parameters.AddWithValue("application", Guid.NewGuid());
            join.Parameters.AddWithValue("name", $"Fault worker {index}");
            join.Parameters.AddWithValue("city", OrderFlow.City);
            join.Parameters.AddWithValue("skill", skill);
            join.Parameters.AddWithValue("latitude", OrderFlow.Latitude + (index % 10 * 0.002));
            join.Parameters.AddWithValue("longitude", OrderFlow.Longitude + (index / 10 * 0.003));
            await join.ExecuteNonQueryAsync();
        }

        await using var stock = new NpgsqlCommand("INSERT INTO warehouse.stock_items (sku, on_hand) VALUES (@sku, @onHand)", connection);
        stock.Parameters.AddWithValue("sku", sku);
        stock.Parameters.AddWithValue("onHand", onHand);
        await stock.ExecuteNonQueryAsync();
    }

    /// <summary>Publishes the documented service type (no quality review) under its own code, SKU and skill; returns the code.</summary>
    public static async Task<string> PublishAsync(Person manager, string sku)
    {
        var code = $"fault-{Guid.NewGuid():N}"[..24];
        using var created = await manager.Http.PostAsJsonAsync("/api/service-types", new { code, name = "Fault suite cookies", definition = OrderFlow.Tree(sku, samplingPercent: 0) });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var revision = (await created.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<int>();
        using var published = await manager.Http.PostAsJsonAsync($"/api/service-types/{code}/publish", new { revision });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>The last lines of every process, for a failing scenario's message.</summary>
    public string Tails() => string.Join(Environment.NewLine, new[] { host, temporal, contractor, goldenHat }.OfType<ChildProcess>().Select(process => process.Tail()));

    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.HoldsAsync(
            () =>
            {
                Assert.False(Require(host).HasExited, $"The host exited.{Environment.NewLine}{Tails()}");
                return Eventually.AnswersAsync(http, "/health/ready");
            },
            StartLimit,
            () => $"the host did not become ready{Environment.NewLine}{Tails()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { host, contractor, goldenHat, temporal }.OfType<ChildProcess>())
        {
            await process.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (dataDirectory is not null)
        {
            // The killed host's watcher stops its PostgreSQL; the server's files go once it has.
            await Eventually.HoldsAsync(
                () => Task.FromResult(!File.Exists(Path.Combine(dataDirectory, "postgres", "data", "postmaster.pid"))),
                StartLimit,
                () => "the embedded PostgreSQL did not stop after its host was killed");
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private string EmbeddedConnectionString() => KeptCluster.ConnectionString(Path.Combine(dataDirectory!, "postgres"));

    private IEnumerable<(string Email, string Role)> Accounts() =>
        PlatformRoles.Staff.Append(PlatformRoles.Client).Select(role => ($"{role}@faults.test", role))
            .Concat(Enumerable.Range(0, workerAccounts).Select(index => ($"worker-{index}@faults.test", PlatformRoles.Worker)));

    private async Task<Person> SignInAsync(string email)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = ClientTimeout };
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.True(response.IsSuccessStatusCode, $"sign in {email}: {response.StatusCode}");
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await http.GetFromJsonAsync<JsonObject>("/api/auth/me");
        return new Person(http, me!["id"]!.GetValue<string>());
    }

    private static T Require<T>(T? part)
        where T : class => part ?? throw new InvalidOperationException($"This layout of the platform has no {typeof(T).Name}, or it has not started.");
}
