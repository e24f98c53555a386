using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using HelperPlatform.Activities.Identity;
using HelperPlatform.DevServer.Benchmark;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>What one run measured, for setting an in-memory and a durable run side by side.</summary>
/// <param name="OrdersPerThousandTps">Completed orders per second per 1,000 pgbench transactions per second (the mean of both references).</param>
/// <param name="CpuPerOrder">This process's CPU (host, dev server, simulators, drivers) and the PostgreSQL server's, per completed order.</param>
internal sealed record RunFigures(double OrdersPerSecond, double OrdersPerThousandTps, TimeSpan? CpuPerOrder, int Failures);

/// <summary>
/// One run of the orders benchmark on a host of its own: the warm-up, the measurement between two pgbench
/// references, and its report.
/// </summary>
internal sealed class OrdersRun
{
    private readonly BenchmarkOptions options;
    private readonly BenchmarkPlatform platform;
    private readonly ApiTimings timings = new();
    private readonly ConcurrentBag<Guid> measuredOrders = [];
    private readonly List<Person> clients = [];
    private readonly Dictionary<string, Person> workers = new(StringComparer.Ordinal);
    private OrderWindows windows = null!;
    private OrderDriver driver = null!;
    private string serviceType = string.Empty;
    private int next = -1;
    private int failures;
    private bool measuring;

    private OrdersRun(BenchmarkOptions options, BenchmarkPlatform platform)
    {
        this.options = options;
        this.platform = platform;
    }

    /// <summary>Starts a host (its dev server durable or in memory), runs the benchmark on it, prints the report and stops the host.</summary>
    public static async Task<RunFigures> RunAsync(BenchmarkOptions options, bool durableDevServer)
    {
        Console.WriteLine(options.Rate > 0
            ? $"Starting the host on embedded defaults; {options.Orders} orders arriving {options.Rate} per second after at least {options.Warmup} warm-up orders ({options.Concurrency} at a time), {options.Workers} workers."
            : $"Starting the host on embedded defaults; {options.Orders} orders after at least {options.Warmup} warm-up orders, {options.Concurrency} at a time, {options.Workers} workers.");
        await using var platform = await BenchmarkPlatform.StartAsync(durableDevServer);
        Console.WriteLine(platform.Describe());
        return await new OrdersRun(options, platform).MeasureAsync();
    }

    private async Task<RunFigures> MeasureAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (code, sku, skill) = ($"bench-cookies-{suffix}", $"COOKIE-BENCH-{suffix}".ToUpperInvariant(), $"bench-delivery-{suffix}");
        serviceType = code;
        var manager = await platform.StaffAsync(PlatformRoles.Manager);
        var warehouse = await platform.StaffAsync(PlatformRoles.Warehouse);
        await BenchmarkPlatform.PublishAsync(manager, code, sku, skill);

        // Every order the run may place, the warm-up's longest and every client's one overshoot included: each has its window
        // and the stock for its kit, so no order waits for the contractor.
        var mostOrders = options.MostWarmupOrders + options.Concurrency + options.Orders;
        await platform.StockAsync(sku, mostOrders * ServiceTypeTree.UnitsPerOrder);
        var reference = await PgbenchReference.PrepareAsync(platform.DatabaseConnectionString);
        windows = new OrderWindows(DateTimeOffset.UtcNow, mostOrders);
        foreach (var city in windows.Cities)
        {
            foreach (var worker in await platform.JoinPoolAsync(options.Workers, skill, city))
            {
                workers.Add(worker.Id, worker);
            }
        }

        for (var index = 0; index < options.Concurrency; index++)
        {
            var client = await platform.NewAccountAsync(PlatformRoles.Client);
            // Every invoice is charged to a card that pays (the embedded Golden Hat's test token).
            using var registered = await client.Http.PostAsJsonAsync("/api/payment-methods", new { token = "pm_test_succeeds" });
            registered.EnsureSuccessStatusCode();
            clients.Add(client);
        }

        driver = new OrderDriver(timings, manager, workers);
        using var stopAgents = new CancellationTokenSource();
        var agents = new StaffAgents(timings, warehouse, manager, workers).RunAsync(stopAgents.Token);

        await WarmUpAsync();

        // The reference runs right before and right after the measurement, both while the staff agents poll their idle lists.
        Console.WriteLine($"Measuring the machine: {PgbenchReference.Description}.");
        var referenceBefore = await reference.RunAsync();

        // Every client overshot the counter once on leaving the warm-up loop; those windows stay unused.
        var first = next + 1;
        var jitBefore = JitInfo.GetCompilationTime();
        var busyBefore = MachineCpu.Busy();
        var postgres = await PostgresCpu.FindAsync(platform.DatabaseConnectionString);
        var cpuBefore = OwnAndPostgresCpu(postgres);
        measuring = true;
        var measuredFrom = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await (options.Rate > 0 ? ArriveAsync(first, options.Orders, options.Rate) : RunOrdersAsync(index => index < first + options.Orders));
        clock.Stop();
        var measuredTo = DateTimeOffset.UtcNow;
        var busy = MachineCpu.Busy() - busyBefore;
        var cpu = OwnAndPostgresCpu(postgres) - cpuBefore;
        var jitWhileMeasuring = JitInfo.GetCompilationTime() - jitBefore;
        // The invoices still being charged finish before the reference runs, so it measures the machine alone.
        var invoicing = await new InvoicingFollower(platform.DatabaseConnectionString).ReportAsync(measuredOrders, measuredFrom, measuredTo);
        var referenceAfter = await reference.RunAsync();
        await stopAgents.CancelAsync();
        await agents;

        var completed = options.Orders - failures;
        var ordersPerSecond = completed / clock.Elapsed.TotalSeconds;
        Console.WriteLine();
        Print($"completed orders: {completed} of {options.Orders} in {clock.Elapsed.TotalSeconds:F1} s = {ordersPerSecond:F1} orders/s");
        foreach (var line in invoicing.Concat(timings.Report()))
        {
            Console.WriteLine(line);
        }

        TimeSpan? cpuPerOrder = cpu is { } used && completed > 0 ? used / completed : null;
        if (busy is { } machineBusy && completed > 0)
        {
            Print($"machine CPU while measuring (all processes, PostgreSQL included): {machineBusy.TotalSeconds / clock.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores busy, {machineBusy.TotalMilliseconds / completed:F1} ms per completed order");
        }

        if (cpuPerOrder is { } perOrder)
        {
            Print($"CPU per completed order of this process and the PostgreSQL server (their own counts, exact): {perOrder.TotalMilliseconds:F1} ms");
        }

        Print($"pgbench reference: {Reference(referenceBefore)} before, {Reference(referenceAfter)} after");
        var referenceTps = (referenceBefore.TransactionsPerSecond + referenceAfter.TransactionsPerSecond) / 2;
        var ordersPerThousandTps = ordersPerSecond * 1000 / referenceTps;
        Print($"relative to the machine (the mean of both references): {ordersPerThousandTps:F1} orders/s per 1,000 pgbench tps");
        if (busy is { } orderBusy && completed > 0 && referenceBefore.CpuPerTransaction is { } transactionBefore && referenceAfter.CpuPerTransaction is { } transactionAfter)
        {
            Print($"CPU per order relative to the machine: as much as {orderBusy / completed / ((transactionBefore + transactionAfter) / 2):F0} pgbench transactions take");
        }

        Print($"JIT compilation while measuring: {jitWhileMeasuring.TotalMilliseconds:F0} ms");
        using var process = Process.GetCurrentProcess();
        Print($"peak working set (host, dev server, simulator and drivers; PostgreSQL is a separate process): {process.PeakWorkingSet64 / (1024 * 1024)} MiB");
        Print($"worst p99 of any call kind: {timings.WorstP99():F1} ms");
        return new RunFigures(ordersPerSecond, ordersPerThousandTps, cpuPerOrder, failures);
    }

    /// <summary>
    /// Untimed warm-up orders first: a fresh process spends its first half minute or so recompiling its hot code at higher
    /// tiers (a quarter to half a core of the 2-core machine), a host in service does not. At least --warmup orders, then on
    /// until the JIT has settled, at most MostWarmupOrders.
    /// </summary>
    private async Task WarmUpAsync()
    {
        if (options.Warmup == 0)
        {
            return;
        }

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

    /// <summary>This process's CPU so far and the PostgreSQL server's; null where the latter cannot be read.</summary>
    private static TimeSpan? OwnAndPostgresCpu(PostgresCpu? postgres)
    {
        using var process = Process.GetCurrentProcess();
        return postgres?.Used() + process.TotalProcessorTime;
    }

    private static string Reference(PgbenchRun run) => run.CoresBusy is { } cores && run.CpuPerTransaction is { } cpu
        ? string.Create(CultureInfo.InvariantCulture, $"{run.TransactionsPerSecond:F0} tps ({cores:F2} cores busy, {cpu.TotalMilliseconds:F2} ms of CPU a transaction)")
        : string.Create(CultureInfo.InvariantCulture, $"{run.TransactionsPerSecond:F0} tps");

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private Task RunOrdersAsync(Func<int, bool> more) => Task.WhenAll(clients.Select(async client =>
    {
        int index;
        while (more(index = Interlocked.Increment(ref next)))
        {
            await RunOrderAsync(client, index);
        }
    }));

    /// <summary>
    /// The open loop: order `first + n` starts n / rate seconds after the first, by the clients in turn, whether or not
    /// the orders before it have completed; the clock stops when the last one has. Keeping up means completing `rate`
    /// orders a second while they arrive: counted from 5 s in (the first orders take a while to complete) to the last
    /// arrival.
    /// </summary>
    private async Task ArriveAsync(int first, int count, int rate)
    {
        var arrivals = Stopwatch.StartNew();
        var completedAt = new ConcurrentBag<TimeSpan>();
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
        Print($"open loop: {count} orders arriving {rate}/s over {lastArrival.TotalSeconds:F1} s, the last completed {(arrivals.Elapsed - lastArrival).TotalSeconds:F1} s after the last arrival; completed while arriving (from 5 s in): {steady}");
    }

    private async Task RunOrderAsync(Person client, int index)
    {
        try
        {
            var (city, windowStart) = windows.Of(index);
            var orderId = await driver.RunAsync(client, serviceType, city, windowStart);
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
}
