using System.Diagnostics;
using System.Globalization;
using Temporalio.Client;
using Temporalio.Worker;

namespace HelperPlatform.DevServer.Benchmark;

/// <summary>
/// Runs N <see cref="BenchmarkWorkflow"/>s through a real worker against an in-process dev server (or the server at
/// --address) and prints throughput, start-to-completion latency (timer excluded) and this process's peak memory;
/// with --durable, against an in-memory and then a durable server in the same run (--rounds times in turn), and the ratios.
/// A benchmark, not a test.
/// </summary>
internal static class BenchmarkCommand
{
    private const int WarmUpWorkflows = 200;
    private const double Mebibyte = 1024 * 1024;

    /// <summary>
    /// Enough workflows in flight to keep both cores busy (about 100 ms of each is the timer), few enough that they
    /// do not queue behind each other: past that point more concurrency only adds latency.
    /// </summary>
    private const int DefaultConcurrency = 100;

    /// <summary>Short, so memory reflects the workflows in flight rather than the ones already done.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RetentionSweepMargin = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var workflows = 1000;
        var concurrency = DefaultConcurrency;
        string? address = null;
        string? durable = null;
        var rounds = 1;
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--workflows":
                    workflows = int.Parse(Hosting.DevServerCommand.ValueAfter(args, ref index), CultureInfo.InvariantCulture);
                    break;
                case "--address":
                    address = Hosting.DevServerCommand.ValueAfter(args, ref index);
                    break;
                case "--concurrency":
                    concurrency = int.Parse(Hosting.DevServerCommand.ValueAfter(args, ref index), CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(Hosting.DevServerCommand.ValueAfter(args, ref index), CultureInfo.InvariantCulture);
                    break;
                case "--durable":
                    durable = Hosting.DevServerCommand.ValueAfter(args, ref index);
                    break;
                default:
                    throw new ArgumentException($"Unknown benchmark argument {args[index]}.");
            }
        }
        if (address is not null && durable is not null)
        {
            throw new ArgumentException("--address and --durable exclude each other: --durable compares two in-process servers.");
        }
        if (rounds < 1 || (rounds > 1 && durable is null))
        {
            throw new ArgumentException("--rounds takes a number from 1, and only with --durable: it is how many times the two servers take turns.");
        }

        Print($"workflows: {workflows} (concurrency {concurrency}, each: 1 activity, 1 signal, 1 timer of {BenchmarkWorkflow.Timer.TotalMilliseconds} ms)");
        if (durable is null)
        {
            await MeasureAsync(string.Empty, new DevServerOptions { CompletedRetention = Retention }, address, workflows, concurrency, postgres: null);
            return 0;
        }
        // In-memory and durable batches take turns in one process, so both see the same drift of the machine's speed.
        var schema = $"bench_{Guid.NewGuid():N}";
        var postgres = await PostgresCpu.FindAsync(durable);
        var inMemory = new List<Measurement>();
        var stored = new List<Measurement>();
        for (var round = 1; round <= rounds; round++)
        {
            var prefix = rounds == 1 ? string.Empty : $"round {round}, ";
            inMemory.Add(await MeasureAsync($"{prefix}in memory: ", new DevServerOptions { CompletedRetention = Retention }, address: null, workflows, concurrency, postgres));
            var durableOptions = new DevServerOptions { CompletedRetention = Retention, DatabaseConnectionString = durable, DatabaseSchema = schema };
            stored.Add(await MeasureAsync($"{prefix}durable: ", durableOptions, address: null, workflows, concurrency, postgres));
        }
        // Each round's durable batch against the in-memory batch just before it: the pair saw the same machine.
        PrintRatios(rounds == 1 ? string.Empty : $" (median of the {rounds} rounds' own ratios)", Measurement.Median([.. stored.Zip(inMemory, Measurement.Ratio)]));
        if (rounds > 1)
        {
            PrintRatios($" (ratio of the {rounds} rounds' medians)", Measurement.Ratio(Measurement.Median(stored), Measurement.Median(inMemory)));
        }
        await DropSchemaAsync(durable, schema);
        return 0;
    }

    private static void PrintRatios(string how, Measurement ratios)
    {
        Print($"durable / in memory{how}: CPU per workflow in this process {ratios.CpuPerWorkflow:F2}x, throughput {ratios.Throughput:F2}x, p50 {ratios.P50:F2}x, p99 {ratios.P99:F2}x");
        if (ratios.WithPostgresCpuPerWorkflow is { } withPostgres)
        {
            Print($"durable / in memory{how}: CPU per workflow of this process and the PostgreSQL server {withPostgres:F2}x");
        }
    }

    /// <summary>The figures of one measured batch, or their ratios.</summary>
    private sealed record Measurement(double Throughput, double CpuPerWorkflow, double? WithPostgresCpuPerWorkflow, double P50, double P99)
    {
        /// <summary>Each figure's median over the rounds, taken on its own.</summary>
        public static Measurement Median(List<Measurement> rounds) => new(
            MedianOf(rounds.Select(round => round.Throughput)),
            MedianOf(rounds.Select(round => round.CpuPerWorkflow)),
            rounds.All(round => round.WithPostgresCpuPerWorkflow is not null) ? MedianOf(rounds.Select(round => round.WithPostgresCpuPerWorkflow!.Value)) : null,
            MedianOf(rounds.Select(round => round.P50)),
            MedianOf(rounds.Select(round => round.P99)));

        /// <summary>Each figure of <paramref name="durable"/> over the same figure of <paramref name="inMemory"/>.</summary>
        public static Measurement Ratio(Measurement durable, Measurement inMemory) => new(
            durable.Throughput / inMemory.Throughput,
            durable.CpuPerWorkflow / inMemory.CpuPerWorkflow,
            durable.WithPostgresCpuPerWorkflow / inMemory.WithPostgresCpuPerWorkflow,
            durable.P50 / inMemory.P50,
            durable.P99 / inMemory.P99);

        private static double MedianOf(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>Runs a warm-up and a measured batch against a fresh server (or the one at <paramref name="address"/>) and prints the figures.</summary>
    private static async Task<Measurement> MeasureAsync(
        string label, DevServerOptions options, string? address, int workflows, int concurrency, PostgresCpu? postgres)
    {
        await using var server = address is null ? await TemporalDevServer.StartAsync(options) : null;
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address ?? server!.Address));
        var taskQueue = $"bench-{Guid.NewGuid()}";
        using var worker = new TemporalWorker(
            client,
            new TemporalWorkerOptions(taskQueue).AddWorkflow<BenchmarkWorkflow>().AddActivity(BenchmarkActivities.Charge));

        double[] latencies = [];
        BenchmarkCost? cost = null;
        await worker.ExecuteAsync(async () =>
        {
            // JIT compilation and connection set-up are start-up costs, not throughput: a warm-up batch absorbs them.
            await RunBatchAsync(client, taskQueue, WarmUpWorkflows, concurrency);
            using var measuring = BenchmarkCost.Start(postgres);
            latencies = await RunBatchAsync(client, taskQueue, workflows, concurrency);
            measuring.Stop();
            cost = measuring;
        });

        Array.Sort(latencies);
        var throughput = workflows / cost!.Elapsed.TotalSeconds;
        var cpuPerWorkflow = cost.CpuTime.TotalMilliseconds / workflows;
        var withPostgresPerWorkflow = cost.PostgresCpuTime?.TotalMilliseconds / workflows + cpuPerWorkflow;
        var (p50, p99) = (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
        Print($"{label}throughput: {throughput:F0} workflows/s over {cost.Elapsed.TotalSeconds:F1} s");
        Print($"{label}latency start-to-completion excluding the timer: p50 {p50:F1} ms, p99 {p99:F1} ms");
        Print($"{label}cost per workflow in this process{(server is null ? " (client and worker; the server runs elsewhere)" : " (server, client and worker)")}: {cpuPerWorkflow:F2} ms CPU, {cost.AllocatedBytes / 1024.0 / workflows:F0} KiB allocated, {(double)cost.LockContentions / workflows:F2} lock contentions");
        if (withPostgresPerWorkflow is { } withPostgres)
        {
            Print($"{label}CPU per workflow with the PostgreSQL server's: {withPostgres:F2} ms ({withPostgres - cpuPerWorkflow:F2} ms of it PostgreSQL's)");
        }
        Print($"{label}peak managed heap: {cost.PeakManagedBytes / Mebibyte:F0} MiB, peak working set: {cost.PeakWorkingSetBytes / Mebibyte:F0} MiB");

        // What is still held once the closed executions have outlived their retention is what grows with N.
        await Task.Delay(Retention + RetentionSweepMargin);
        var live = GC.GetTotalMemory(forceFullCollection: true);
        Print($"{label}after the retention period and a full GC: managed heap {live / Mebibyte:F0} MiB, working set {Environment.WorkingSet / Mebibyte:F0} MiB{(server is null ? string.Empty : $", executions held by the server {server.HeldExecutionCount}")}");
        return new Measurement(throughput, cpuPerWorkflow, withPostgresPerWorkflow, p50, p99);
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA \"{schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A fixed set of <paramref name="concurrency"/> loops, each running one workflow after another: the number in
    /// flight stays constant, and nothing is allocated per workflow before its turn comes.
    /// </summary>
    private static async Task<double[]> RunBatchAsync(TemporalClient client, string taskQueue, int workflows, int concurrency)
    {
        var latencies = new double[workflows];
        var next = -1;
        async Task RunLoopAsync()
        {
            for (var number = Interlocked.Increment(ref next); number < workflows; number = Interlocked.Increment(ref next))
            {
                latencies[number] = (await RunOneAsync(client, taskQueue, number) - BenchmarkWorkflow.Timer).TotalMilliseconds;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, workflows)).Select(_ => Task.Run(RunLoopAsync)));
        return latencies;
    }

    private static async Task<TimeSpan> RunOneAsync(TemporalClient client, string taskQueue, int number)
    {
        var started = Stopwatch.StartNew();
        // By name rather than by lambda: the SDK compiles a lambda's captured arguments at every call.
        var handle = await client.StartWorkflowAsync(
            nameof(BenchmarkWorkflow), [$"order-{number}"], new WorkflowOptions($"bench-{number}-{Guid.NewGuid()}", taskQueue));
        await handle.SignalAsync(BenchmarkWorkflow.SignalName, []);
        await handle.GetResultAsync<string>();
        return started.Elapsed;
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
