using System.Globalization;
using HelperPlatform.OrdersBenchmark;

// Drives N complete orders through the real HTTP API of the real host, started in-process on its embedded
// defaults, and reports completed orders per second beside the invoices settled per second (each order's invoice
// charged through the embedded Golden Hat) and the delay from completion to the charge, p50/p99 of each API call kind and peak memory, and both
// relative to the machine's speed in the same run: pgbench on the same PostgreSQL server just before and just after
// the measurement (this machine's speed drifts by up to twice within an hour). By default
// `--concurrency` clients each place their next order as soon as the last one completed (a closed loop: the machine
// runs as fast as it can); with `--rate R` new orders arrive R per second whatever the platform's speed (an open loop:
// can it keep up with R, and how fast does it answer at that load).
// `--dev-server durable` has the in-process dev server keep its runs in the platform's database, as the kept
// embedded default does; `--dev-server both` runs the benchmark on a host with each, one after the other in this
// process, and prints what durability costs: the ratio of CPU per order and of throughput relative to pgbench.
//   dotnet run -c Release --project tools/OrdersBenchmark -- [--orders 1000] [--warmup 500] [--concurrency 50] [--workers 50] [--rate 0] [--dev-server in-memory|durable|both]
var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: OrdersBenchmark [--orders N (1000)] [--warmup N (500; at least this many, then on until the JIT settles; 0: none)] [--concurrency N (50)] [--workers N (50)] [--rate orders/s (0: closed loop)] [--dev-server in-memory|durable|both (in-memory)]");
    return 2;
}

if (options.DevServer != DevServerMode.Both)
{
    var figures = await OrdersRun.RunAsync(options, durableDevServer: options.DevServer == DevServerMode.Durable);
    return figures.Failures == 0 ? 0 : 1;
}

Console.WriteLine("The dev server in memory first, then durable.");
var inMemory = await OrdersRun.RunAsync(options, durableDevServer: false);
Console.WriteLine();
Console.WriteLine("The dev server durable:");
var durable = await OrdersRun.RunAsync(options, durableDevServer: true);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"durable / in memory: orders/s per 1,000 pgbench tps {durable.OrdersPerThousandTps / inMemory.OrdersPerThousandTps:F2}x ({durable.OrdersPerThousandTps:F1} against {inMemory.OrdersPerThousandTps:F1})"));
if (durable.CpuPerOrder is { } durableCpu && inMemory.CpuPerOrder is { } inMemoryCpu)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"durable / in memory: CPU per order of this process and PostgreSQL {durableCpu / inMemoryCpu:F2}x ({durableCpu.TotalMilliseconds:F1} ms against {inMemoryCpu.TotalMilliseconds:F1} ms)"));
}

return inMemory.Failures + durable.Failures == 0 ? 0 : 1;

/// <summary>Where the in-process dev server keeps its runs: in memory, in the platform's database, or a run with each.</summary>
internal enum DevServerMode
{
    InMemory,
    Durable,
    Both,
}

internal sealed record BenchmarkOptions(int Orders, int Warmup, int Concurrency, int Workers, int Rate, DevServerMode DevServer)
{
    /// <summary>Warm-up orders the run may take for the JIT to settle (about a minute and a half at 50 orders/s).</summary>
    public int MostWarmupOrders => Warmup == 0 ? 0 : Math.Max(Warmup, 4000);

    /// <summary>The options that may be 0: no warm-up; no arrival rate (the closed loop).</summary>
    private static readonly string[] MayBeZero = ["--warmup", "--rate"];

    private static readonly Dictionary<string, DevServerMode> DevServerModes = new(StringComparer.Ordinal)
    {
        ["in-memory"] = DevServerMode.InMemory,
        ["durable"] = DevServerMode.Durable,
        ["both"] = DevServerMode.Both,
    };

    public static BenchmarkOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal) { ["--orders"] = 1000, ["--warmup"] = 500, ["--concurrency"] = 50, ["--workers"] = 50, ["--rate"] = 0 };
        var devServer = DevServerMode.InMemory;
        for (var index = 0; index < args.Length; index += 2)
        {
            if (index + 1 >= args.Length)
            {
                return null;
            }

            if (args[index] == "--dev-server")
            {
                if (!DevServerModes.TryGetValue(args[index + 1], out devServer))
                {
                    return null;
                }

                continue;
            }

            if (!values.ContainsKey(args[index])
                || !int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) || value < (MayBeZero.Contains(args[index]) ? 0 : 1))
            {
                return null;
            }

            values[args[index]] = value;
        }

        return new BenchmarkOptions(values["--orders"], values["--warmup"], values["--concurrency"], values["--workers"], values["--rate"], devServer);
    }
}
