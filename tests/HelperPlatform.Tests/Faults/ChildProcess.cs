using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// A built program of the solution (<c>dotnet &lt;name&gt;.dll</c> from the test's output directory) run as its own OS
/// process, so a test can kill it as a crash would. Its output is kept (the last lines) for a failing test's message.
/// Every process still running when the test process exits is killed, so none outlives a failed or aborted run.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            KillQuietly(process);
        }
    };

    private ChildProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <param name="assembly">The program's assembly name, e.g. <c>HelperPlatform.Host</c>.</param>
    public static ChildProcess Start(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"{assembly}.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {name}.");
        Running[process.Id] = process;
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// A free loopback port for a process that must keep its address across restarts: below the ephemeral range, so
    /// no outgoing connection takes it as its local port while the process is down.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20000, EphemeralPortsFrom());
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }

    private static int EphemeralPortsFrom()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) ? int.Parse(File.ReadAllText(range).Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 32768;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        KillQuietly(process);
        await process.WaitForExitAsync();
        Running.TryRemove(process.Id, out _);
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C stops it: its shutdown code runs.</summary>
    public async Task StopAsync()
    {
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        Running.TryRemove(process.Id, out _);
    }

    /// <summary>Waits until the process ends by itself, at most <paramref name="limit"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        Running.TryRemove(process.Id, out _);
    }

    /// <summary>The last lines the process wrote, for a failing test's message.</summary>
    public string Tail(int lines = 40) => $"--- {Name} (last lines) ---{Environment.NewLine}{string.Join(Environment.NewLine, output.TakeLast(lines))}";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptLines)
        {
            output.TryDequeue(out _);
        }
    }
}
