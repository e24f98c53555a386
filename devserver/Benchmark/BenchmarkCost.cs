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
    private readonly TimeSpan? postgresAtStart = PostgresCpu.Used();
    private readonly long allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
    private readonly long contentionsAtStart = Monitor.LockContentionCount;
    private readonly Timer sampler;

    private BenchmarkCost() => sampler = new Timer(_ => SampleMemory(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

    public TimeSpan Elapsed => wallClock.Elapsed;

    public TimeSpan CpuTime { get; private set; }

    /// <summary>CPU of this machine's PostgreSQL server processes while measuring; null off Linux.</summary>
    public TimeSpan? PostgresCpuTime { get; private set; }

    public long AllocatedBytes { get; private set; }

    /// <summary>Times a thread found a lock taken (the server's engine gate among others) and had to wait.</summary>
    public long LockContentions { get; private set; }

    public long PeakManagedBytes { get; private set; }

    public long PeakWorkingSetBytes { get; private set; }

    public static BenchmarkCost Start() => new();

    /// <summary>Ends the measurement; the figures stay readable after disposal.</summary>
    public void Stop()
    {
        wallClock.Stop();
        sampler.Dispose();
        SampleMemory();
        CpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        PostgresCpuTime = PostgresCpu.Used() - postgresAtStart;
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
