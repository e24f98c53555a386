using System.Diagnostics;

namespace HelperPlatform.DevServer.Benchmark;

/// <summary>
/// What the measured batch cost this process: wall time, CPU time, bytes allocated and lock contentions (which, unlike throughput,
/// hardly depend on what else loads the machine), and peak memory sampled every 50 ms (the process-wide peak
/// would include start-up).
/// </summary>
internal sealed class BenchmarkCost : IDisposable
{
    private readonly Stopwatch wallClock = Stopwatch.StartNew();
    private readonly TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly PostgresCpu? postgres;
    private readonly TimeSpan? postgresAtStart;
    private readonly long allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
    private readonly long contentionsAtStart = Monitor.LockContentionCount;
    private readonly Timer sampler;

    private BenchmarkCost(PostgresCpu? postgres)
    {
        this.postgres = postgres;
        postgresAtStart = postgres?.Used();
        sampler = new Timer(_ => SampleMemory(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public TimeSpan Elapsed => wallClock.Elapsed;

    public TimeSpan CpuTime { get; private set; }

    /// <summary>CPU of the PostgreSQL server while measuring; null without one on this machine.</summary>
    public TimeSpan? PostgresCpuTime { get; private set; }

    public long AllocatedBytes { get; private set; }

    /// <summary>Times a thread found a lock taken (the server's engine gate among others) and had to wait.</summary>
    public long LockContentions { get; private set; }

    public long PeakManagedBytes { get; private set; }

    public long PeakWorkingSetBytes { get; private set; }

    /// <param name="postgres">The PostgreSQL server whose CPU counts too, if any.</param>
    public static BenchmarkCost Start(PostgresCpu? postgres = null) => new(postgres);

    /// <summary>Ends the measurement; the figures stay readable after disposal.</summary>
    public void Stop()
    {
        wallClock.Stop();
        sampler.Dispose();
        SampleMemory();
        CpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        PostgresCpuTime = postgres?.Used() - postgresAtStart;
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false) - allocatedAtStart;
        LockContentions = Monitor.LockContentionCount - contentionsAtStart;
    }

    public void Dispose() => sampler.Dispose();

    private void SampleMemory()
    {
        PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: false));
        PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, Environment.WorkingSet);
    }
}
