using System.Globalization;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// CPU time the whole machine spent (every process: the host, its drivers and PostgreSQL), from Linux's
/// <c>/proc/stat</c>; null elsewhere. Divided by the orders completed, it says what an order costs, a figure
/// that stays comparable when throughput is limited by something else.
/// </summary>
internal static class MachineCpu
{
    private const string Statistics = "/proc/stat";

    /// <summary>Of "cpu  user nice system idle iowait irq softirq steal ...": the fields a core spends working.</summary>
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7];

    /// <summary>Busy CPU time so far (user, nice, system, interrupts), summed over all cores.</summary>
    public static TimeSpan? Busy()
    {
        if (!File.Exists(Statistics))
        {
            return null;
        }

        // In clock ticks (USER_HZ, 100 on Linux).
        var fields = File.ReadLines(Statistics).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds(BusyFields.Sum(index => long.Parse(fields[index], CultureInfo.InvariantCulture)) / 100.0);
    }
}
