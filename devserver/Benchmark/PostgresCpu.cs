using System.Globalization;
using Npgsql;

namespace HelperPlatform.DevServer.Benchmark;

/// <summary>
/// CPU time spent by one PostgreSQL server on this machine (Linux only): its postmaster and every process it started,
/// from each one's <c>/proc/PID/schedstat</c>, the scheduler's own count in nanoseconds. Other clusters on the machine
/// are not counted. <c>/proc/stat</c>'s machine-wide figure is sampled at the clock tick and misses work that wakes and
/// sleeps between ticks, as a journal committing every millisecond does. Backends that exit between two readings take
/// their time with them; the benchmarks' pooled connections live through the measurement.
/// </summary>
public sealed class PostgresCpu
{
    private readonly int postmaster;

    private PostgresCpu(int postmaster) => this.postmaster = postmaster;

    /// <summary>The server behind <paramref name="connectionString"/>, found through a backend's parent; null when it does not run on this machine.</summary>
    public static async Task<PostgresCpu?> FindAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var backend = dataSource.CreateCommand("SELECT pg_backend_pid()");
        var backendPid = (int)(await backend.ExecuteScalarAsync())!;
        return ParentOf(backendPid) is { } parent && CommandOf(parent) == "postgres" ? new PostgresCpu(parent) : null;
    }

    /// <summary>The server's CPU so far: its postmaster's and that of the processes it runs now.</summary>
    public TimeSpan Used()
    {
        var nanoseconds = OnCpu(postmaster);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) == postmaster)
            {
                nanoseconds += OnCpu(pid);
            }
        }
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    private static long OnCpu(int pid) =>
        Read(pid, "schedstat") is { } schedstat ? long.Parse(schedstat.Split(' ')[0], CultureInfo.InvariantCulture) : 0;

    private static int? ParentOf(int pid)
    {
        // "PID (comm) state PPID ...": the command may hold spaces and parentheses, so fields count from the last ')'.
        if (Read(pid, "stat") is not { } stat)
        {
            return null;
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static string? CommandOf(int pid) => Read(pid, "comm")?.Trim();

    private static string? Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not on Linux, or the process ended while being read.
            return null;
        }
    }
}
