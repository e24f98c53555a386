using System.Diagnostics;
using System.Globalization;
using Temporalio.Client;
using Temporalio.Worker;

namespace HelperPlatform.DevServer.Benchmark;

/// <summary>
/// Runs N <see cref="BenchmarkWorkflow"/>s through a real worker against an in-process dev server (or the server at
/// --address) and prints throughput, start-to-completion latency (timer excluded) and this process's peak memory.
/// A benchmark, not a test.
/// </summary>
internal static class BenchmarkCommand
{
    private const int WarmUpWorkflows = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var workflows = 1000;
        var concurrency = 100;
        string? address = null;
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
                default:
                    throw new ArgumentException($"Unknown benchmark argument {args[index]}.");
            }
        }

        // A short retention lets completed histories go, so memory reflects what is in flight, not what is done.
        await using var server = address is null
            ? await TemporalDevServer.StartAsync(new DevServerOptions { CompletedRetention = TimeSpan.FromSeconds(2) })
            : null;
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address ?? server!.Address));
        var taskQueue = $"bench-{Guid.NewGuid()}";
        using var worker = new TemporalWorker(
            client,
            new TemporalWorkerOptions(taskQueue).AddWorkflow<BenchmarkWorkflow>().AddActivity(BenchmarkActivities.Charge));

        double[] latencies = [];
        var total = new Stopwatch();
        PeakMemorySampler? memory = null;
        await worker.ExecuteAsync(async () =>
        {
            // JIT compilation and connection set-up are start-up costs, not throughput: a warm-up batch absorbs them.
            await RunBatchAsync(client, taskQueue, WarmUpWorkflows, concurrency);
            memory = new PeakMemorySampler();
            total.Start();
            latencies = await RunBatchAsync(client, taskQueue, workflows, concurrency);
            total.Stop();
            memory.Dispose();
        });

        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workflows: {workflows} (concurrency {concurrency}, each: 1 activity, 1 signal, 1 timer of {BenchmarkWorkflow.Timer.TotalMilliseconds} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {workflows / total.Elapsed.TotalSeconds:F0} workflows/s over {total.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency start-to-completion excluding the timer: p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak managed heap: {memory!.PeakManagedBytes / 1048576.0:F0} MiB, peak working set: {memory.PeakWorkingSetBytes / 1048576.0:F0} MiB"));
        return 0;
    }

    private static async Task<double[]> RunBatchAsync(TemporalClient client, string taskQueue, int workflows, int concurrency)
    {
        var latencies = new double[workflows];
        using var inFlight = new SemaphoreSlim(concurrency);
        var runs = Enumerable.Range(0, workflows).Select(async number =>
        {
            await inFlight.WaitAsync();
            try
            {
                latencies[number] = (await RunOneAsync(client, taskQueue, number) - BenchmarkWorkflow.Timer).TotalMilliseconds;
            }
            finally
            {
                inFlight.Release();
            }
        });
        await Task.WhenAll(runs);
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

    /// <summary>Samples memory every 50 ms; the process-wide peak working set alone would include start-up.</summary>
    private sealed class PeakMemorySampler : IDisposable
    {
        private readonly Timer timer;

        public PeakMemorySampler() => timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

        public long PeakManagedBytes { get; private set; }

        public long PeakWorkingSetBytes { get; private set; }

        public void Dispose()
        {
            timer.Dispose();
            Sample();
        }

        private void Sample()
        {
            PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: false));
            PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, Environment.WorkingSet);
        }
    }
}
