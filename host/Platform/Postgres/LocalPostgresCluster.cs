using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace HelperPlatform.Host.Platform.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster started from the local server binaries: <c>initdb</c> in a temporary
/// directory, reached through its Unix socket there (and a random loopback port, for other tools), removed
/// again on dispose. It backs the embedded default of <c>dotnet run --project host</c> and the tests on
/// machines without Docker.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string DirectoryPrefix = "helperplatform-pg-";

    /// <summary>How long a cluster directory without a running server is taken for one still being set up (initdb takes seconds).</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);
    private readonly string binDirectory;
    private readonly string rootDirectory;
    private readonly string? runAsUser;

    private LocalPostgresCluster(string binDirectory, string rootDirectory, string? runAsUser, int port, string password)
    {
        this.binDirectory = binDirectory;
        this.rootDirectory = rootDirectory;
        this.runAsUser = runAsUser;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            // The server's Unix socket: on one machine it costs less per round trip than loopback TCP.
            Host = rootDirectory,
            Port = port,
            Username = Superuser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;
    }

    public int Port { get; }

    /// <summary>Superuser connection to the <c>postgres</c> database of the cluster.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(rootDirectory, "data");

    /// <exception cref="PostgresUnavailableException">The server binaries are missing or the cluster failed to start.</exception>
    public static async Task<LocalPostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = PostgresBinaries.FindDirectory()
            ?? throw new PostgresUnavailableException(PostgresBinaries.InstallHint);
        // initdb refuses to run as root, so root (CI) runs the cluster as an unprivileged system account.
        var runAsUser = Environment.UserName == "root" ? UnprivilegedAccount() : null;
        RemoveAbandoned(Path.GetTempPath(), DateTime.UtcNow);
        var rootDirectory = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var cluster = new LocalPostgresCluster(binDirectory, rootDirectory, runAsUser, FreeLoopbackPort(), password);
        try
        {
            await cluster.InitializeAndStartAsync(password, cancellationToken);
            cluster.RemoveWhenProcessEnds(Environment.ProcessId);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], CancellationToken.None, throwOnFailure: false);
        }

        try
        {
            Directory.Delete(rootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing a shutdown over it is not.
        }
    }

    /// <summary>
    /// Leaves a watcher behind, in a session of its own, that stops the server and removes the directory once the
    /// process (this one, from <see cref="StartAsync"/>) has ended however it ended: a test host is killed by its runner right after the run (no dispose
    /// finishes then), and a host may be killed too. After a dispose there is nothing left for it to do.
    /// </summary>
    internal void RemoveWhenProcessEnds(int processId)
    {
        var stop = runAsUser is null ? "\"$2\"" : $"runuser -u {runAsUser} -- \"$2\"";
        var watcher = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-f", "sh", "-c",
            "exec </dev/null >/dev/null 2>&1; while kill -0 \"$0\"; do sleep 1; done; " +
            $"if [ -f \"$1/data/postmaster.pid\" ]; then {stop} stop -D \"$1/data\" -m immediate -w; fi; rm -rf \"$1\"",
            processId.ToString(System.Globalization.CultureInfo.InvariantCulture), rootDirectory, Path.Combine(binDirectory, "pg_ctl"),
        })
        {
            watcher.ArgumentList.Add(argument);
        }

        using var started = Process.Start(watcher);
    }

    /// <summary>
    /// Removes the directories of clusters whose process ended without disposing them (a test host stopped
    /// right after its run, a host killed): each holds a whole data directory. A directory with a running server
    /// (<c>postmaster.pid</c>), or younger than <see cref="AbandonedAfter"/>, is left alone.
    /// </summary>
    internal static void RemoveAbandoned(string parentDirectory, DateTime nowUtc)
    {
        foreach (var directory in Directory.EnumerateDirectories(parentDirectory, DirectoryPrefix + "*"))
        {
            if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")) || nowUtc - Directory.GetLastWriteTimeUtc(directory) < AbandonedAfter)
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another account's, or removed by its owner meanwhile: nothing to clean up here.
            }
        }
    }

    private async Task InitializeAndStartAsync(string password, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(rootDirectory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        if (runAsUser is not null)
        {
            await RunAsync("chown", ["-R", runAsUser, rootDirectory], cancellationToken, useBinDirectory: false);
        }

        await RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", Superuser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "--encoding", "UTF8", "--no-locale", "--no-sync"],
            cancellationToken);
        await StartServerAsync(cancellationToken);
    }

    /// <summary>Stops the server as an outage would (open connections are cut); the cluster and its data stay for <see cref="StartServerAsync"/>.</summary>
    public Task StopServerAsync(CancellationToken cancellationToken = default) =>
        RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], cancellationToken);

    /// <summary>Starts the cluster's server again on its port and socket directory, after <see cref="StopServerAsync"/>.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken = default)
    {
        var serverOptions = string.Join(' ',
            "-c listen_addresses=127.0.0.1",
            $"-c port={Port}",
            $"-c unix_socket_directories={rootDirectory}",
            "-c max_connections=300",
            // The cluster is thrown away on exit, so durability on crash buys nothing and costs every commit.
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
        await RunAsync(
            "pg_ctl",
            ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(rootDirectory, "server.log"), "-o", serverOptions],
            cancellationToken);
    }

    private async Task RunAsync(
        string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool useBinDirectory = true, bool throwOnFailure = true)
    {
        var executable = useBinDirectory ? Path.Combine(binDirectory, program) : program;
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null && useBinDirectory)
        {
            startInfo.FileName = "runuser";
            foreach (var argument in new[] { "-u", runAsUser, "--", executable })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new PostgresUnavailableException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && throwOnFailure)
        {
            var log = Path.Combine(rootDirectory, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : string.Empty;
            throw new PostgresUnavailableException(
                $"{program} exited with code {process.ExitCode}: {(await error).Trim()} {(await output).Trim()} {serverLog.Trim()}".Trim());
        }
    }

    private static string UnprivilegedAccount()
    {
        var accounts = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd") : [];
        // The Debian package creates "postgres"; "nobody" exists everywhere else.
        return accounts.Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
