using System.Globalization;

namespace HelperPlatform.DevServer.Benchmark;

/// <summary>
/// CPU time spent so far by the PostgreSQL server processes on this machine (Linux only), from each process's
/// <c>/proc/PID/schedstat</c>: the scheduler's own count in nanoseconds. <c>/proc/stat</c>'s machine-wide figure is
/// sampled at the clock tick and misses work that wakes and sleeps between ticks, as a journal committing every
/// millisecond does. Backends that exit between two readings take their time with them; the benchmark's pooled
/// connections live through the measurement.
/// </summary>
public static class PostgresCpu
{
    /// <summary>The sum over every process named <c>postgres</c>; null where <c>/proc</c> cannot tell.</summary>
    public static TimeSpan? Used()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return null;
        }
        long nanoseconds = 0;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(process, "comm")).Trim() != "postgres")
                {
                    continue;
                }
                var onCpu = File.ReadAllText(Path.Combine(process, "schedstat")).Split(' ')[0];
                nanoseconds += long.Parse(onCpu, CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
