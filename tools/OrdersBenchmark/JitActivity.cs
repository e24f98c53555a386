using System.Runtime;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// Whether this process (host, dev server, simulator and drivers) still compiles code: a fresh process keeps
/// recompiling its hot methods at higher tiers for a while after its first orders, which costs CPU a host in service
/// no longer spends.
/// </summary>
internal static class JitActivity
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>Below this much compilation in a <see cref="Window"/> (1 % of one core) the JIT counts as settled.</summary>
    private static readonly TimeSpan SettledBelow = TimeSpan.FromMilliseconds(50);

    /// <summary>Completes, with the compilation time of the last window, once a window stays below the settled mark.</summary>
    public static async Task<TimeSpan> SettledAsync(CancellationToken stop)
    {
        var before = JitInfo.GetCompilationTime();
        while (true)
        {
            await Task.Delay(Window, stop);
            var compiling = JitInfo.GetCompilationTime() - before;
            if (compiling < SettledBelow)
            {
                return compiling;
            }

            before += compiling;
        }
    }
}
