using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using HelperPlatform.Activities.Identity;
using HelperPlatform.OrdersBenchmark;

// Drives N complete orders through the real HTTP API of the real host, started in-process on its embedded
// defaults, and reports completed orders per second beside the invoices settled per second (each order's invoice
// charged through the embedded Golden Hat) and the delay from completion to the charge, p50/p99 of each API call kind and peak memory, and both
// relative to the machine's speed in the same run: pgbench on the same PostgreSQL server just before and just after
// the measurement (this machine's speed drifts by up to twice within an hour). By default
// `--concurrency` clients each place their next order as soon as the last one completed (a closed loop: the machine
// runs as fast as it can); with `--rate R` new orders arrive R per second whatever the platform's speed (an open loop:
// can it keep up with R, and how fast does it answer at that load).
// With `--durable-dev-server 1` the in-process dev server keeps its runs in the platform's database, as the kept
// embedded default does; its figures set beside a run without it (both relative to pgbench) show what durability costs.
//   dotnet run -c Release --project tools/OrdersBenchmark -- [--orders 1000] [--warmup 500] [--concurrency 50] [--workers 50] [--rate 0] [--durable-dev-server 0]
var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: OrdersBenchmark [--orders N (1000)] [--warmup N (500; at least this many, then on until the JIT settles; 0: none)] [--concurrency N (50)] [--workers N (50)] [--rate orders/s (0: closed loop)] [--durable-dev-server 0|1 (0)]");
    return 2;
}

Console.WriteLine(options.Rate > 0
    ? $"Starting the host on embedded defaults; {options.Orders} orders arriving {options.Rate} per second after at least {options.Warmup} warm-up orders ({options.Concurrency} at a time), {options.Workers} workers."
    : $"Starting the host on embedded defaults; {options.Orders} orders after at least {options.Warmup} warm-up orders, {options.Concurrency} at a time, {options.Workers} workers.");
await using var platform = await BenchmarkPlatform.StartAsync(options.DurableDevServer);
Console.WriteLine(platform.Describe());
var suffix = Guid.NewGuid().ToString("N")[..8];
var (code, sku, skill) = ($"bench-cookies-{suffix}", $"COOKIE-BENCH-{suffix}".ToUpperInvariant(), $"bench-delivery-{suffix}");
var manager = await platform.StaffAsync(PlatformRoles.Manager);
var warehouse = await platform.StaffAsync(PlatformRoles.Warehouse);
await BenchmarkPlatform.PublishAsync(manager, code, sku, skill);

// Every order the run may place, the warm-up's longest and every client's one overshoot included: each has its window
// and the stock for its kit, so no order waits for the contractor.
var mostOrders = options.MostWarmupOrders + options.Concurrency + options.Orders;
await platform.StockAsync(sku, mostOrders * ServiceTypeTree.UnitsPerOrder);
var reference = await PgbenchReference.PrepareAsync(platform.DatabaseConnectionString);
var windows = new OrderWindows(DateTimeOffset.UtcNow, mostOrders);
var workers = new Dictionary<string, Person>(StringComparer.Ordinal);
foreach (var city in windows.Cities)
{
    foreach (var worker in await platform.JoinPoolAsync(options.Workers, skill, city))
    {
        workers.Add(worker.Id, worker);
    }
}

var clients = new List<Person>();
for (var index = 0; index < options.Concurrency; index++)
{
    var client = await platform.NewAccountAsync(PlatformRoles.Client);
    // Every invoice is charged to a card that pays (the embedded Golden Hat's test token).
    using var registered = await client.Http.PostAsJsonAsync("/api/payment-methods", new { token = "pm_test_succeeds" });
    registered.EnsureSuccessStatusCode();
    clients.Add(client);
}

var timings = new ApiTimings();
var driver = new OrderDriver(timings, manager, workers);
using var stopAgents = new CancellationTokenSource();
var agents = new StaffAgents(timings, warehouse, manager, workers).RunAsync(stopAgents.Token);

var next = -1;
var failures = 0;
var measuredOrders = new System.Collections.Concurrent.ConcurrentBag<Guid>();
var measuring = false;

// Untimed warm-up orders first: a fresh process spends its first half minute or so recompiling its hot code at higher
// tiers (a quarter to half a core of the 2-core machine), a host in service does not. At least --warmup orders, then on
// until the JIT has settled, at most MostWarmupOrders.
if (options.Warmup > 0)
{
    Console.WriteLine("Warming up until the JIT has settled (not measured).");
    using var stopWatching = new CancellationTokenSource();
    var settled = JitActivity.SettledAsync(stopWatching.Token);
    var warmup = Stopwatch.StartNew();
    await RunOrdersAsync(index => index < options.Warmup || (!settled.IsCompleted && index < options.MostWarmupOrders));
    await stopWatching.CancelAsync();
    var warmedUp = string.Create(CultureInfo.InvariantCulture, $"Warmed up with {next + 1 - options.Concurrency} orders in {warmup.Elapsed.TotalSeconds:F0} s");
    Console.WriteLine(settled.IsCompletedSuccessfully
        ? string.Create(CultureInfo.InvariantCulture, $"{warmedUp}; the JIT compiled for {settled.Result.TotalMilliseconds:F0} ms in the last {JitActivity.Window.TotalSeconds:F0} s.")
        : $"{warmedUp}, the most there may be; the JIT had not settled.");
    timings.Clear();
    failures = 0;
}

// The reference runs right before and right after the measurement, both while the staff agents poll their idle lists.
Console.WriteLine($"Measuring the machine: {PgbenchReference.Description}.");
var referenceBefore = await reference.RunAsync();

// Every client overshot the counter once on leaving the warm-up loop; those windows stay unused.
var first = next + 1;
var jitBefore = JitInfo.GetCompilationTime();
var busyBefore = MachineCpu.Busy();
measuring = true;
var measuredFrom = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
await (options.Rate > 0 ? ArriveAsync(first, options.Orders, options.Rate) : RunOrdersAsync(index => index < first + options.Orders));
clock.Stop();
var measuredTo = DateTimeOffset.UtcNow;
var busy = MachineCpu.Busy() - busyBefore;
var jitWhileMeasuring = JitInfo.GetCompilationTime() - jitBefore;
// The invoices still being charged finish before the reference runs, so it measures the machine alone.
var invoicing = await new InvoicingFollower(platform.DatabaseConnectionString).ReportAsync(measuredOrders, measuredFrom, measuredTo);
var referenceAfter = await reference.RunAsync();
await stopAgents.CancelAsync();
await agents;

var completed = options.Orders - failures;
var ordersPerSecond = completed / clock.Elapsed.TotalSeconds;
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"completed orders: {completed} of {options.Orders} in {clock.Elapsed.TotalSeconds:F1} s = {ordersPerSecond:F1} orders/s"));
foreach (var line in invoicing)
{
    Console.WriteLine(line);
}

foreach (var line in timings.Report())
{
    Console.WriteLine(line);
}

if (busy is { } machineBusy && completed > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"machine CPU while measuring (all processes, PostgreSQL included): {machineBusy.TotalSeconds / clock.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores busy, {machineBusy.TotalMilliseconds / completed:F1} ms per completed order"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pgbench reference: {Reference(referenceBefore)} before, {Reference(referenceAfter)} after"));
var referenceTps = (referenceBefore.TransactionsPerSecond + referenceAfter.TransactionsPerSecond) / 2;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"relative to the machine (the mean of both references): {ordersPerSecond * 1000 / referenceTps:F1} orders/s per 1,000 pgbench tps"));
if (busy is { } orderBusy && completed > 0 && referenceBefore.CpuPerTransaction is { } cpuBefore && referenceAfter.CpuPerTransaction is { } cpuAfter)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU per order relative to the machine: as much as {orderBusy / completed / ((cpuBefore + cpuAfter) / 2):F0} pgbench transactions take"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT compilation while measuring: {jitWhileMeasuring.TotalMilliseconds:F0} ms"));
using var process = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set (host, dev server, simulator and drivers; PostgreSQL is a separate process): {process.PeakWorkingSet64 / (1024 * 1024)} MiB"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst p99 of any call kind: {timings.WorstP99():F1} ms"));
return failures == 0 ? 0 : 1;

static string Reference(PgbenchRun run) => run.CoresBusy is { } cores && run.CpuPerTransaction is { } cpu
    ? string.Create(CultureInfo.InvariantCulture, $"{run.TransactionsPerSecond:F0} tps ({cores:F2} cores busy, {cpu.TotalMilliseconds:F2} ms of CPU a transaction)")
    : string.Create(CultureInfo.InvariantCulture, $"{run.TransactionsPerSecond:F0} tps");

Task RunOrdersAsync(Func<int, bool> more) => Task.WhenAll(clients.Select(async client =>
{
    int index;
    while (more(index = Interlocked.Increment(ref next)))
    {
        await RunOrderAsync(client, index);
    }
}));

// The open loop: order `first + n` starts n / rate seconds after the first, by the clients in turn, whether or not
// the orders before it have completed; the clock stops when the last one has. Keeping up means completing `rate`
// orders a second while they arrive: counted from 5 s in (the first orders take a while to complete) to the last
// arrival.
async Task ArriveAsync(int first, int count, int rate)
{
    var arrivals = Stopwatch.StartNew();
    var completedAt = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
    var orders = new List<Task>(count);
    for (var n = 0; n < count; n++)
    {
        var due = TimeSpan.FromSeconds((double)n / rate) - arrivals.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }

        var index = first + n;
        orders.Add(Task.Run(async () =>
        {
            await RunOrderAsync(clients[index % clients.Count], index);
            completedAt.Add(arrivals.Elapsed);
        }));
    }

    var lastArrival = arrivals.Elapsed;
    await Task.WhenAll(orders);
    var ramp = TimeSpan.FromSeconds(5);
    var steady = lastArrival > 2 * ramp
        ? string.Create(CultureInfo.InvariantCulture, $"{completedAt.Count(at => at >= ramp && at <= lastArrival) / (lastArrival - ramp).TotalSeconds:F1} orders/s")
        : $"not measured (needs more than {2 * ramp.TotalSeconds:F0} s of arrivals: more --orders or a lower --rate)";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"open loop: {count} orders arriving {rate}/s over {lastArrival.TotalSeconds:F1} s, the last completed {(arrivals.Elapsed - lastArrival).TotalSeconds:F1} s after the last arrival; completed while arriving (from 5 s in): {steady}"));
}

async Task RunOrderAsync(Person client, int index)
{
    try
    {
        var (city, windowStart) = windows.Of(index);
        var orderId = await driver.RunAsync(client, code, city, windowStart);
        if (measuring)
        {
            measuredOrders.Add(orderId);
        }
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
    {
        Interlocked.Increment(ref failures);
        Console.Error.WriteLine($"order {index}: {e.Message}");
    }
}

internal sealed record BenchmarkOptions(int Orders, int Warmup, int Concurrency, int Workers, int Rate, bool DurableDevServer)
{
    /// <summary>Warm-up orders the run may take for the JIT to settle (about a minute and a half at 50 orders/s).</summary>
    public int MostWarmupOrders => Warmup == 0 ? 0 : Math.Max(Warmup, 4000);

    /// <summary>The options that may be 0: no warm-up; no arrival rate (the closed loop).</summary>
    private static readonly string[] MayBeZero = ["--warmup", "--rate", "--durable-dev-server"];

    public static BenchmarkOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal) { ["--orders"] = 1000, ["--warmup"] = 500, ["--concurrency"] = 50, ["--workers"] = 50, ["--rate"] = 0, ["--durable-dev-server"] = 0 };
        for (var index = 0; index < args.Length; index += 2)
        {
            if (!values.ContainsKey(args[index]) || index + 1 >= args.Length
                || !int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) || value < (MayBeZero.Contains(args[index]) ? 0 : 1))
            {
                return null;
            }

            values[args[index]] = value;
        }

        if (values["--durable-dev-server"] > 1)
        {
            return null;
        }

        return new BenchmarkOptions(values["--orders"], values["--warmup"], values["--concurrency"], values["--workers"], values["--rate"], values["--durable-dev-server"] == 1);
    }
}
