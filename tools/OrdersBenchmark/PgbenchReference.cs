using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HelperPlatform.Host.Platform.Postgres;
using Npgsql;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// How fast the machine is right now, measured on the PostgreSQL server the platform uses: pgbench's TPC-B-like
/// transactions per second in a scratch database of its own. This machine's speed drifts by up to twice within an
/// hour, so an orders/s figure says something only next to a reference taken in the same run.
/// </summary>
internal sealed partial class PgbenchReference
{
    private const string Database = "pgbench_reference";
    private const int Scale = 8;
    private const int Clients = 8;
    private const int Threads = 2;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    private readonly string pgbench;
    private readonly NpgsqlConnectionStringBuilder server;

    private PgbenchReference(string pgbench, NpgsqlConnectionStringBuilder server)
    {
        this.pgbench = pgbench;
        this.server = server;
    }

    public static string Description { get; } = string.Create(CultureInfo.InvariantCulture,
        $"pgbench TPC-B, scale {Scale}, {Clients} clients on {Threads} threads, {Duration.TotalSeconds:F0} s, in a database of its own on the platform's PostgreSQL server");

    /// <summary>Creates the scratch database on the server behind <paramref name="platformConnectionString"/> and fills it (<c>pgbench -i</c>).</summary>
    public static async Task<PgbenchReference> PrepareAsync(string platformConnectionString)
    {
        // pgbench comes with the server programs the embedded cluster runs (Debian's postgresql-NN package); PATH may
        // hold only links to initdb and pg_ctl, so it is looked for beside the program such a link points to.
        var initdb = new FileInfo(Path.Combine(PostgresBinaries.FindDirectory() ?? string.Empty, "initdb"));
        var serverPrograms = Path.GetDirectoryName((initdb.ResolveLinkTarget(returnFinalTarget: true) ?? initdb).FullName);
        var pgbench = Path.Combine(serverPrograms ?? string.Empty, "pgbench");
        if (!File.Exists(pgbench))
        {
            throw new InvalidOperationException($"pgbench was not found beside the PostgreSQL server programs: {PostgresBinaries.InstallHint}");
        }

        var server = new NpgsqlConnectionStringBuilder(platformConnectionString) { Database = "postgres" };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var reference = new PgbenchReference(pgbench, server);
        await reference.PgbenchAsync("-i", "-q", "-s", Scale.ToString(CultureInfo.InvariantCulture));
        return reference;
    }

    /// <summary>Runs the reference workload once, timing the machine's busy CPU as the orders are timed.</summary>
    public async Task<PgbenchRun> RunAsync()
    {
        var busyBefore = MachineCpu.Busy();
        var clock = Stopwatch.StartNew();
        var output = await PgbenchAsync(
            "-c", Clients.ToString(CultureInfo.InvariantCulture),
            "-j", Threads.ToString(CultureInfo.InvariantCulture),
            "-T", Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        var busy = MachineCpu.Busy() - busyBefore;
        var tps = TransactionsPerSecond().Match(output);
        var transactions = TransactionsProcessed().Match(output);
        if (!tps.Success || !transactions.Success)
        {
            throw new InvalidOperationException($"pgbench printed no rate: {output}");
        }

        return new PgbenchRun(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(transactions.Groups[1].Value, CultureInfo.InvariantCulture),
            busy,
            clock.Elapsed);
    }

    private async Task<string> PgbenchAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The server's Unix socket (its directory is the host) and superuser, as the platform connects.
        startInfo.Environment["PGHOST"] = server.Host;
        startInfo.Environment["PGPORT"] = server.Port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["PGUSER"] = server.Username;
        startInfo.Environment["PGPASSWORD"] = server.Password;
        startInfo.Environment["PGDATABASE"] = Database;
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start pgbench.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} exited with code {process.ExitCode}: {(await error).Trim()}");
        }

        return await output;
    }

    [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TransactionsPerSecond();

    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex TransactionsProcessed();
}

/// <summary>
/// One reference run: its rate, and the machine's busy CPU (every process) while pgbench ran, where known; that
/// includes pgbench's own vacuum and connections, so its CPU per transaction is a little high, alike in every run.
/// </summary>
internal sealed record PgbenchRun(double TransactionsPerSecond, long Transactions, TimeSpan? MachineBusy, TimeSpan Elapsed)
{
    public double? CoresBusy => MachineBusy / Elapsed;

    public TimeSpan? CpuPerTransaction => MachineBusy / Transactions;
}
