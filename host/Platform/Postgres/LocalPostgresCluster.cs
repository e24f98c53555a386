using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace HelperPlatform.Host.Platform.Postgres;

/// <summary>
/// A PostgreSQL cluster started from the local server binaries, reached through its Unix socket in its directory
/// (and a random loopback port, for other tools). Either throwaway (<see cref="StartAsync"/>: <c>initdb</c> in a
/// temporary directory, removed again on dispose; the tests and <c>--ephemeral</c>) or kept
/// (<see cref="OpenAsync"/>: a directory reused across starts, the embedded default of <c>dotnet run --project host</c>).
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
    private readonly bool kept;
    private FileStream? ownership;

    private LocalPostgresCluster(string binDirectory, string rootDirectory, string? runAsUser, int port, string password, bool kept)
    {
        this.binDirectory = binDirectory;
        this.rootDirectory = rootDirectory;
        this.runAsUser = runAsUser;
        this.kept = kept;
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

    /// <summary>The directory a kept cluster lives in (<see cref="OpenAsync"/>); null for a throwaway one.</summary>
    public string? KeptIn => kept ? rootDirectory : null;

    /// <summary>Superuser connection to the <c>postgres</c> database of the cluster.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(rootDirectory, "data");

    private string PasswordFile => Path.Combine(rootDirectory, "password");

    /// <exception cref="PostgresUnavailableException">The server binaries are missing or the cluster failed to start.</exception>
    public static async Task<LocalPostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinaries();
        RemoveAbandoned(Path.GetTempPath(), DateTime.UtcNow);
        var rootDirectory = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        var password = NewPassword();
        var cluster = new LocalPostgresCluster(binDirectory, rootDirectory, RunAsUser, FreeLoopbackPort(), password, kept: false);
        try
        {
            await cluster.InitializeAsync(password, cancellationToken);
            await cluster.StartServerAsync(cancellationToken);
            cluster.RemoveWhenProcessEnds(Environment.ProcessId);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the cluster kept in <paramref name="directory"/> (its <c>data</c>, <c>password</c>, <c>server.log</c>),
    /// made there first when the directory holds none. This process owns the directory until dispose, which stops the
    /// server with a fast shutdown and keeps everything; when the process dies without one, a watcher stops the server.
    /// </summary>
    /// <exception cref="PostgresUnavailableException">
    /// The binaries are missing, another process owns the directory, its cluster was made by another major version, or the server failed to start.
    /// </exception>
    public static async Task<LocalPostgresCluster> OpenAsync(string directory, CancellationToken cancellationToken = default)
    {
        var rootDirectory = Path.GetFullPath(directory);
        var versionFile = Path.Combine(rootDirectory, "data", "PG_VERSION");
        var made = File.Exists(versionFile);
        var binDirectory = FindBinaries(made ? (await File.ReadAllTextAsync(versionFile, cancellationToken)).Trim() : null);
        Directory.CreateDirectory(rootDirectory);
        var ownership = TakeOwnership(rootDirectory);
        LocalPostgresCluster? cluster = null;
        try
        {
            var passwordFile = Path.Combine(rootDirectory, "password");
            if (made && !File.Exists(passwordFile))
            {
                throw new PostgresUnavailableException(
                    $"The data directory {rootDirectory} holds a cluster but not its password file ({passwordFile}): " +
                    "put it back, or remove the directory (or start with --ephemeral) to start afresh.");
            }

            var password = made ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim() : NewPassword();
            cluster = new LocalPostgresCluster(binDirectory, rootDirectory, RunAsUser, FreeLoopbackPort(), password, kept: true) { ownership = ownership };
            if (made)
            {
                await cluster.RequireSameMajorVersionAsync(cancellationToken);
                await cluster.StopServerLeftByDeadOwnerAsync(cancellationToken);
            }
            else
            {
                cluster.RequireEmptyDataDirectory();
                await cluster.InitializeAsync(password, cancellationToken);
            }

            await cluster.StartServerAsync(cancellationToken);
            cluster.StopServerWhenProcessEnds(Environment.ProcessId);
            return cluster;
        }
        catch
        {
            if (cluster is null)
            {
                await ownership.DisposeAsync();
            }
            else
            {
                await cluster.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            // A kept cluster shuts down cleanly (no recovery on the next start); a throwaway one has nothing worth it.
            await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", kept ? "fast" : "immediate", "-w"], CancellationToken.None, throwOnFailure: false);
        }

        if (kept)
        {
            // Released only once the server is down, so the next owner never finds it still running.
            if (ownership is not null)
            {
                await ownership.DisposeAsync();
            }

            return;
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
        StartWatcher(
            "exec </dev/null >/dev/null 2>&1; while kill -0 \"$0\"; do sleep 1; done; " +
            $"if [ -f \"$1/data/postmaster.pid\" ]; then {stop} stop -D \"$1/data\" -m immediate -w; fi; rm -rf \"$1\"",
            processId.ToString(System.Globalization.CultureInfo.InvariantCulture), rootDirectory, Path.Combine(binDirectory, "pg_ctl"));
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

    private static string? RunAsUser =>
        // initdb refuses to run as root, so root (CI) runs the cluster as an unprivileged system account.
        Environment.UserName == "root" ? UnprivilegedAccount() : null;

    private static string FindBinaries(string? preferredMajor = null) =>
        PostgresBinaries.FindDirectory(preferredMajor) ?? throw new PostgresUnavailableException(PostgresBinaries.InstallHint);

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// An exclusive lock on <c>owner.lock</c> in the directory, held while this process uses the cluster; the operating
    /// system drops it when the process dies however it dies, so a killed owner never blocks the next start.
    /// </summary>
    private static FileStream TakeOwnership(string rootDirectory)
    {
        try
        {
            // On Unix, FileShare.None takes an advisory flock(LOCK_EX | LOCK_NB) on the file.
            return new FileStream(Path.Combine(rootDirectory, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new PostgresUnavailableException(
                $"The data directory {rootDirectory} is in use by another HelperPlatform host: stop that one, or start this one with --ephemeral or another Platform:DataDirectory.");
        }
    }

    private async Task InitializeAsync(string password, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (runAsUser is not null)
        {
            await RunAsync("chown", ["-R", runAsUser, rootDirectory], cancellationToken, useBinDirectory: false);
            await RequireReachableByAsync(runAsUser, cancellationToken);
        }

        await RunAsync(
            "initdb",
            [
                "-D", DataDirectory, "-U", Superuser, "--pwfile", PasswordFile, "--auth", "scram-sha-256", "--encoding", "UTF8", "--no-locale",
                // A throwaway cluster gains nothing from waiting for its files to reach the disk.
                .. kept ? Array.Empty<string>() : ["--no-sync"],
            ],
            cancellationToken);
    }

    private async Task RequireReachableByAsync(string account, CancellationToken cancellationToken)
    {
        var check = await RunAsync("runuser", ["-u", account, "--", "test", "-w", rootDirectory], cancellationToken, useBinDirectory: false, throwOnFailure: false);
        if (check.ExitCode != 0)
        {
            throw new PostgresUnavailableException(
                $"PostgreSQL runs as '{account}' here (initdb refuses root) and cannot write to {rootDirectory}: set Platform:DataDirectory to a directory it can reach.");
        }
    }

    private void RequireEmptyDataDirectory()
    {
        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new PostgresUnavailableException(
                $"{DataDirectory} is not empty but holds no PostgreSQL cluster (no PG_VERSION): remove it to start afresh.");
        }
    }

    private async Task RequireSameMajorVersionAsync(CancellationToken cancellationToken)
    {
        var madeBy = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "PG_VERSION"), cancellationToken)).Trim();
        // "pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
        var version = (await RunAsync("pg_ctl", ["--version"], cancellationToken)).Output;
        var match = System.Text.RegularExpressions.Regex.Match(version, @"\(PostgreSQL\) (\d+)");
        if (!match.Success)
        {
            throw new PostgresUnavailableException($"Could not read the PostgreSQL version from `pg_ctl --version`: {version.Trim()}");
        }

        var installed = match.Groups[1].Value;
        if (madeBy != installed)
        {
            throw new PostgresUnavailableException(
                $"The data directory {rootDirectory} was made by PostgreSQL {madeBy}, but this machine runs PostgreSQL {installed}: " +
                "upgrade it with pg_upgrade, or remove it (or start with --ephemeral) to start afresh.");
        }
    }

    /// <summary>
    /// A server whose owner was killed may still run until its watcher notices (it looks once a second); this process owns
    /// the directory now, so it stops that server itself. A server that died too leaves a stale postmaster.pid, which
    /// PostgreSQL recognises and replaces on start.
    /// </summary>
    private async Task StopServerLeftByDeadOwnerAsync(CancellationToken cancellationToken)
    {
        if (!await IsServerRunningAsync(cancellationToken))
        {
            return;
        }

        // The dead owner's watcher may be stopping the same server right now, so this stop may find it gone: what
        // counts is that no server runs afterwards.
        var stop = await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], cancellationToken, throwOnFailure: false);
        if (await IsServerRunningAsync(cancellationToken))
        {
            throw new PostgresUnavailableException($"The server a stopped host left running in {rootDirectory} could not be stopped: {stop.Output.Trim()}");
        }
    }

    private async Task<bool> IsServerRunningAsync(CancellationToken cancellationToken) =>
        (await RunAsync("pg_ctl", ["status", "-D", DataDirectory], cancellationToken, throwOnFailure: false)).ExitCode == 0;

    /// <summary>
    /// Leaves a watcher behind, in a session of its own, that shuts the kept cluster's server down (SIGINT: a fast shutdown)
    /// once the process has ended however it ended. It signals only the server it was left for: after a dispose, or
    /// once a new owner has started a server of its own, postmaster.pid names another process or is gone.
    /// </summary>
    internal void StopServerWhenProcessEnds(int processId)
    {
        var postmaster = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First().Trim();
        StartWatcher(
            "exec </dev/null >/dev/null 2>&1; while kill -0 \"$0\"; do sleep 1; done; " +
            "if [ \"$(head -n 1 \"$1/data/postmaster.pid\")\" = \"$2\" ]; then kill -INT \"$2\"; fi",
            processId.ToString(System.Globalization.CultureInfo.InvariantCulture), rootDirectory, postmaster);
    }

    private static void StartWatcher(string script, params string[] arguments)
    {
        var watcher = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "-f", "sh", "-c", script }.Concat(arguments))
        {
            watcher.ArgumentList.Add(argument);
        }

        using var started = Process.Start(watcher);
    }

    /// <summary>Stops the server as an outage would (open connections are cut); the cluster and its data stay for <see cref="StartServerAsync"/>.</summary>
    public Task StopServerAsync(CancellationToken cancellationToken = default) =>
        RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], cancellationToken);

    /// <summary>Starts the cluster's server again on its port and socket directory, after <see cref="StopServerAsync"/>.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken = default)
    {
        string[] durability = kept
            ? []
            // A throwaway cluster is gone on exit, so durability on crash buys nothing and costs every commit.
            : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"];
        var serverOptions = string.Join(' ',
            [
                "-c listen_addresses=127.0.0.1",
                $"-c port={Port}",
                $"-c unix_socket_directories={rootDirectory}",
                "-c max_connections=300",
                .. durability,
            ]);
        await RunAsync(
            "pg_ctl",
            ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(rootDirectory, "server.log"), "-o", serverOptions],
            cancellationToken);
    }

    /// <returns>The program's exit code and standard output.</returns>
    private async Task<(int ExitCode, string Output)> RunAsync(
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
            // A kept cluster's log holds every earlier start too; this failure is at its end.
            var serverLog = File.Exists(log) ? string.Join(' ', (await File.ReadAllLinesAsync(log, cancellationToken)).TakeLast(10)) : string.Empty;
            throw new PostgresUnavailableException(
                $"{program} exited with code {process.ExitCode}: {(await error).Trim()} {(await output).Trim()} {serverLog.Trim()}".Trim());
        }

        return (process.ExitCode, await output);
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
