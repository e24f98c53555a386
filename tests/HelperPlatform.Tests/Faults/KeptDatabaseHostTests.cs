using HelperPlatform.Tests.Platform;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// The host on its embedded default (no connection string), each its own OS process as <c>dotnet run --project host</c>
/// runs it, keeping its PostgreSQL in a data directory: a second host on the directory is refused, and a host killed
/// with <c>kill -9</c> leaves its data to the next one, which migrates an older schema.
/// </summary>
public sealed class KeptDatabaseHostTests : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);
    // Not CreateTempSubdirectory (mode 0700): as root, PostgreSQL runs as an unprivileged account that must reach the data directory inside.
    private readonly string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"helperplatform-kept-host-test-{Guid.NewGuid():N}")).FullName;

    private string DataDirectory => Path.Combine(root, "postgres");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task KilledHost_LeavesItsDataToTheNext_WhichMigratesIt_AndASecondHostOnTheDirectoryIsRefused()
    {
        var port = ChildProcess.FreeLoopbackPort();
        await using var first = StartHost(port);
        await WaitUntilReadyAsync(first, port);
        await KeptPostgresClusterTests.ExecuteAsync(DatabaseConnectionString(), "CREATE TABLE test_marker (note text); INSERT INTO test_marker VALUES ('before the kill')");

        await using var second = StartHost(ChildProcess.FreeLoopbackPort());
        await second.WaitForExitAsync(StartLimit);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains(
            $"The data directory {DataDirectory} is in use by another HelperPlatform host: stop that one, or start this one with --ephemeral or another Platform:DataDirectory.",
            second.Tail(),
            StringComparison.Ordinal);

        // As if the directory had been made by a version without Totalizator: the next start must migrate it.
        await KeptPostgresClusterTests.ExecuteAsync(DatabaseConnectionString(), "DROP SCHEMA totalizator CASCADE");
        await first.KillAsync();
        await using var third = StartHost(port);
        await WaitUntilReadyAsync(third, port);
        Assert.Equal("before the kill", await KeptPostgresClusterTests.ScalarAsync<string>(DatabaseConnectionString(), "SELECT note FROM test_marker"));
        Assert.True(
            await KeptPostgresClusterTests.ScalarAsync<bool>(DatabaseConnectionString(), "SELECT count(*) > 1 FROM information_schema.tables WHERE table_schema = 'totalizator'"),
            "the restarted host migrated the older schema");
        Assert.True(
            await KeptPostgresClusterTests.ScalarAsync<bool>(DatabaseConnectionString(), "SELECT count(*) > 0 FROM identity.\"AspNetUsers\""),
            "the development accounts of the first start are there");

        await third.StopAsync();
        Assert.Equal(0, third.ExitCode);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "data", "postmaster.pid")), $"the stopped host shut its server down{Environment.NewLine}{third.Tail()}");
    }

    private ChildProcess StartHost(int port) => ChildProcess.Start(
        "host",
        "HelperPlatform.Host",
        [
            $"--urls=http://127.0.0.1:{port}",
            $"--Platform:DataDirectory={DataDirectory}",
            $"--DevelopmentPasswordsFile={Path.Combine(root, "development-passwords.json")}",
            "--Temporal:WebUi:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:FormatterName=simple",
        ],
        new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

    private string DatabaseConnectionString() => KeptCluster.ConnectionString(DataDirectory);

    private static async Task WaitUntilReadyAsync(ChildProcess host, int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.HoldsAsync(
            () =>
            {
                Assert.False(host.HasExited, $"The host exited.{Environment.NewLine}{host.Tail()}");
                return Eventually.AnswersAsync(http, "/health/ready");
            },
            StartLimit,
            () => $"the host did not become ready{Environment.NewLine}{host.Tail()}");
    }
}
