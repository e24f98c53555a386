using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.ApplicationsBenchmark;
using HelperPlatform.Host.Management;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Management;

// Measures the public application endpoint of the real host (embedded PostgreSQL and Temporal dev server,
// every onboarding workflow really started and run) on this machine:
//   1. sustained: closed-loop applicants from distinct addresses, accepted applications per second;
//   2. under attack: one address floods at full speed while legitimate applicants arrive at a steady rate
//      from other addresses; their success rate and p99 latency, and the flood's share of 429s.
//   dotnet run -c Release --project tools/ApplicationsBenchmark [-- --seconds 20 --concurrency 32 --flood-concurrency 32 --legitimate-rate 50]
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 32);
var floodConcurrency = Option("--flood-concurrency", 32);
var legitimateRate = Option("--legitimate-rate", 50);
const string ManagerEmail = "manager@benchmark.local";
var managerPassword = Guid.NewGuid().ToString("N");

Console.WriteLine($"Starting the host (embedded PostgreSQL and Temporal dev server) on {Environment.ProcessorCount} cores...");
await using var platform = await PlatformApplication.BuildAsync(
[
    "--urls=http://127.0.0.1:0",
    "--ephemeral",
    "--Http:TrustedProxies:0=127.0.0.1",
    "--Logging:LogLevel:Default=Warning",
    "--Logging:Console:FormatterName=simple",
    $"--DevelopmentAccounts:0:Email={ManagerEmail}",
    "--DevelopmentAccounts:0:Role=manager",
    $"--DevelopmentAccounts:0:Password={managerPassword}",
]);
await platform.App.StartAsync();
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(platform.App.Urls.Single()) };
var skill = await PublishTestSetAsync(client, ManagerEmail, managerPassword);
var traffic = new ApplicantTraffic(client, skill);

await RunClosedLoopAsync(new LoadRecorder(), traffic.ApplyAsLegitimateApplicantAsync, concurrency, TimeSpan.FromSeconds(3));
var sustained = new LoadRecorder();
var elapsed = await RunClosedLoopAsync(sustained, traffic.ApplyAsLegitimateApplicantAsync, concurrency, TimeSpan.FromSeconds(seconds));
var acceptedPerSecond = sustained.CountOf(HttpStatusCode.Accepted) / elapsed.TotalSeconds;
Console.WriteLine($"Sustained ({concurrency} concurrent applicants, {seconds} s): {acceptedPerSecond:F0} accepted applications/s, p50 {sustained.Percentile(50):F1} ms, p99 {sustained.Percentile(99):F1} ms [{sustained.Statuses()}]");

var legitimate = new LoadRecorder();
var flood = new LoadRecorder();
var duration = TimeSpan.FromSeconds(seconds);
await Task.WhenAll(
    RunClosedLoopAsync(flood, traffic.ApplyAsFloodAsync, floodConcurrency, duration),
    RunOpenLoopAsync(legitimate, traffic.ApplyAsLegitimateApplicantAsync, legitimateRate, duration));
Console.WriteLine($"Under attack ({floodConcurrency} concurrent flooders on one address, {legitimateRate}/s legitimate applicants, {seconds} s):");
Console.WriteLine($"  legitimate: {legitimate.ShareOf(HttpStatusCode.Accepted):P2} accepted of {legitimate.Count}, p50 {legitimate.Percentile(50):F1} ms, p99 {legitimate.Percentile(99):F1} ms [{legitimate.Statuses()}]");
Console.WriteLine($"  flood: {flood.Count / duration.TotalSeconds:F0} requests/s, {flood.ShareOf(HttpStatusCode.TooManyRequests):P2} answered 429 [{flood.Statuses()}]");
Console.WriteLine(
    $"| {DateTime.UtcNow:yyyy-MM-dd} | {Environment.ProcessorCount} | {acceptedPerSecond:F0}/s | {legitimate.ShareOf(HttpStatusCode.Accepted):P2} | " +
    $"{legitimate.Percentile(99):F0} ms | {flood.ShareOf(HttpStatusCode.TooManyRequests):P2} of {flood.Count / duration.TotalSeconds:F0}/s |");
await platform.App.StopAsync();
return 0;

static async Task<TimeSpan> RunClosedLoopAsync(LoadRecorder recorder, Func<Task<HttpStatusCode>> request, int workers, TimeSpan duration)
{
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
    {
        while (clock.Elapsed < duration)
        {
            await recorder.RecordAsync(request);
        }
    }));
    return clock.Elapsed;
}

// Arrivals at a fixed rate whatever the latency, as real applicants do not wait for each other.
static async Task RunOpenLoopAsync(LoadRecorder recorder, Func<Task<HttpStatusCode>> request, int perSecond, TimeSpan duration)
{
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>();
    for (var sent = 0; clock.Elapsed < duration; sent++)
    {
        var due = TimeSpan.FromSeconds((double)sent / perSecond);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        inFlight.Add(recorder.RecordAsync(request));
    }

    await Task.WhenAll(inFlight);
}

static async Task<string> PublishTestSetAsync(HttpClient client, string email, string password)
{
    using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    using var manager = new HttpClient { BaseAddress = client.BaseAddress };
    manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var definition = DefinitionExamples.TestSet();
    var skill = definition[DefinitionTreeKeys.Properties]![TestSetProperties.Skill]!.GetValue<string>();
    using var created = await manager.PostAsJsonAsync("/api/test-sets", new { code = "cookie-basics", name = "Cookie basics", definition });
    created.EnsureSuccessStatusCode();
    using var published = await manager.PostAsJsonAsync("/api/test-sets/cookie-basics/publish", new { revision = 1 });
    published.EnsureSuccessStatusCode();
    return skill;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
