using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform;
using Microsoft.Extensions.DependencyInjection;

// A burst of bets into one market through the real HTTP API of the real host, started in-process on its embedded
// defaults: `--managers` managers place `--bets` bets between them at once, each manager one bet after another. It
// reports bets processed per second (from the first request to the last bet seen Placed) and the delay from each 202 to
// the bet's Placed state (p50/p99; seen by one reader polling the market's bets every 20 ms, so up to that much later),
// and checks the run: every bet placed, each manager's bets in the order they were sent, the board's pools exact.
//   dotnet run -c Release --project tools/TotalizatorBenchmark -- [--bets 1000] [--managers 50]
const string Password = "benchmark-password";
var bets = Option("--bets", 1000);
var managerCount = Option("--managers", 50);
if (bets < 1 || managerCount < 1)
{
    Console.Error.WriteLine("usage: TotalizatorBenchmark [--bets N (1000)] [--managers N (50)]");
    return 2;
}

Console.WriteLine($"Starting the host on embedded defaults; {bets} bets from {managerCount} managers into one market.");
string[] settings =
[
    "--urls=http://127.0.0.1:0",
    "--ephemeral",
    "--Logging:LogLevel:Default=Warning",
    "--Logging:Console:FormatterName=simple",
    "--RateLimits:Anonymous:PermitsPerWindow=100000",
    .. PlatformRoles.Staff.SelectMany((role, index) => new[]
    {
        $"--DevelopmentAccounts:{index}:Email={role}@benchmark.test",
        $"--DevelopmentAccounts:{index}:Role={role}",
        $"--DevelopmentAccounts:{index}:Password={Password}",
    }),
];
await using var platform = await PlatformApplication.BuildAsync(settings);
await platform.App.StartAsync();
var address = new Uri(platform.App.Urls.Single());
using (var probe = new HttpClient { BaseAddress = address })
{
    while (!(await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
    {
        await Task.Delay(100);
    }
}

var ops = await SignInAsync("ops@benchmark.test");
var opener = await SignInAsync("manager@benchmark.test");
var managers = new List<(HttpClient Http, string Id)>();
for (var index = 0; index < managerCount; index++)
{
    var email = $"manager-{Guid.NewGuid():N}@benchmark.test";
    await using (var scope = platform.App.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DevelopmentAccountsSeeder>().EnsureAccountAsync(email, "Bettor", PlatformRoles.Manager, Password);
    }

    var manager = await SignInAsync(email);
    using var granted = await ops.Http.PostAsJsonAsync($"/api/totalizator/wallets/{manager.Id}/grants", new { grantId = Guid.NewGuid(), points = 100_000m });
    Ensure(granted.IsSuccessStatusCode, $"grant points: {await granted.Content.ReadAsStringAsync()}");
    managers.Add(manager);
}

string[] outcomes = ["North", "South", "East", "West"];
using var opened = await opener.Http.PostAsJsonAsync(
    "/api/totalizator/markets", new { title = "Benchmark market", outcomes, closesAt = DateTimeOffset.UtcNow.AddHours(1), takeoutRate = 0.1m });
Ensure(opened.StatusCode == HttpStatusCode.Accepted, $"open the market: {await opened.Content.ReadAsStringAsync()}");
var marketId = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["marketId"]!.GetValue<Guid>();
while ((await opener.Http.GetAsync($"/api/totalizator/markets/{marketId}")).StatusCode != HttpStatusCode.OK)
{
    await Task.Delay(50);
}

// The burst: every manager sends its share one after another; all managers at once.
var accepted = new ConcurrentDictionary<Guid, (long At, int Manager, int Order, int Outcome, decimal Stake)>();
var placedAt = new ConcurrentDictionary<Guid, (long At, long Sequence)>();
var clock = Stopwatch.StartNew();
using var stopReading = new CancellationTokenSource();
var reader = Task.Run(async () =>
{
    while (!stopReading.IsCancellationRequested)
    {
        var seen = await opener.Http.GetFromJsonAsync<JsonArray>($"/api/totalizator/markets/{marketId}/bets");
        var now = clock.ElapsedTicks;
        foreach (var bet in seen!.OfType<JsonObject>().Where(bet => bet["state"]!.GetValue<string>() == "Placed"))
        {
            placedAt.TryAdd(bet["betId"]!.GetValue<Guid>(), (now, bet["sequence"]!.GetValue<long>()));
        }

        await Task.Delay(20);
    }
});
await Task.WhenAll(managers.Select((manager, index) => Task.Run(async () =>
{
    for (var order = 0; index + (order * managerCount) < bets; order++)
    {
        var number = index + (order * managerCount);
        var (outcome, stake) = (number % outcomes.Length, 1m + (number % 97 / 100m));
        using var response = await manager.Http.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome, stake });
        Ensure(response.StatusCode == HttpStatusCode.Accepted, $"place a bet: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var betId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["betId"]!.GetValue<Guid>();
        accepted[betId] = (clock.ElapsedTicks, index, order, outcome, stake);
    }
})));
var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
while (placedAt.Count < bets && DateTimeOffset.UtcNow < deadline)
{
    await Task.Delay(20);
}

await stopReading.CancelAsync();
await reader;
var seconds = placedAt.Values.Max(placed => placed.At) / (double)Stopwatch.Frequency;
var delays = accepted.Where(bet => placedAt.ContainsKey(bet.Key))
    .Select(bet => (placedAt[bet.Key].At - bet.Value.At) * 1000.0 / Stopwatch.Frequency)
    .Order()
    .ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{placedAt.Count} of {bets} bets placed in {seconds:0.00} s: {placedAt.Count / seconds:0.0} bets/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"202 → Placed: p50 {Percentile(delays, 0.50):0} ms, p99 {Percentile(delays, 0.99):0} ms (seen by a reader polling every 20 ms)"));

// The checks: nothing lost, each manager's bets in sending order, one sequence number each, the board exact.
var inOrder = accepted.GroupBy(bet => bet.Value.Manager).All(manager =>
{
    var sequences = manager.OrderBy(bet => bet.Value.Order).Select(bet => placedAt.TryGetValue(bet.Key, out var placed) ? placed.Sequence : -1).ToList();
    return sequences.Zip(sequences.Skip(1)).All(pair => pair.First < pair.Second);
});
var sequencesUnique = placedAt.Values.Select(placed => placed.Sequence).Distinct().Count() == placedAt.Count;
var board = (await opener.Http.GetFromJsonAsync<JsonObject>($"/api/totalizator/markets/{marketId}"))!;
var pools = board["outcomes"]!.AsArray().Select(outcome => outcome!["pool"]!.GetValue<decimal>()).ToList();
var expected = Enumerable.Range(0, outcomes.Length).Select(outcome => accepted.Values.Where(bet => bet.Outcome == outcome).Sum(bet => bet.Stake)).ToList();
var boardExact = pools.SequenceEqual(expected) && board["betsPlaced"]!.GetValue<int>() == bets;
Console.WriteLine($"No bet lost: {placedAt.Count == bets}; each manager's bets in sending order: {inOrder}; one sequence number each: {sequencesUnique}; board exact: {boardExact}");
return placedAt.Count == bets && inOrder && sequencesUnique && boardExact ? 0 : 1;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

static double Percentile(List<double> sorted, double fraction) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];

async Task<(HttpClient Http, string Id)> SignInAsync(string email)
{
    var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
    Ensure(response.IsSuccessStatusCode, $"sign in {email}: {response.StatusCode}");
    var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var me = await http.GetFromJsonAsync<JsonObject>("/api/auth/me");
    return (http, me!["id"]!.GetValue<string>());
}

static void Ensure(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"Could not {what}.");
    }
}
