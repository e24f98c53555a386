using HelperPlatform.Host.Platform.Postgres;
using HelperPlatform.Tests.Infrastructure;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

public sealed class PostgresFixtureTests
{
    [Fact]
    public async Task SharedServer_WithoutEnvironmentOrDocker_FallsBackToLocalBinaries()
    {
        var server = await PostgresServer.GetAsync();

        var expected = Environment.GetEnvironmentVariable(PostgresServer.ConnectionStringVariable) is { Length: > 0 }
            ? PostgresSource.Environment
            : DockerAnswers() ? PostgresSource.Testcontainers : PostgresSource.LocalBinaries;
        Assert.Equal(expected, server.Source);
        Assert.Equal(1, await ScalarAsync<int>(server.AdminConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task CreateDatabase_EveryCall_GivesAnIsolatedDatabase()
    {
        var server = await PostgresServer.GetAsync();

        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        await ScalarAsync<int>(first, "CREATE TABLE only_here (id int); SELECT 1");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        Assert.False(await ScalarAsync<bool>(second, "SELECT to_regclass('only_here') IS NOT NULL"));
    }

    [Fact]
    public async Task LocalCluster_StartedAndDisposed_ServesThenLeavesNothingBehind()
    {
        var cluster = await LocalPostgresCluster.StartAsync();
        var version = await ScalarAsync<string>(cluster.ConnectionString, "SHOW server_version");
        var dataDirectory = await ScalarAsync<string>(cluster.ConnectionString, "SHOW data_directory");

        await cluster.DisposeAsync();

        Assert.StartsWith("15", version, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(cluster.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task LocalCluster_WhoseProcessIsKilled_IsStoppedAndRemovedByItsWatcher()
    {
        var cluster = await LocalPostgresCluster.StartAsync();
        var dataDirectory = await ScalarAsync<string>(cluster.ConnectionString, "SHOW data_directory");
        using var owner = System.Diagnostics.Process.Start("sleep", "600");
        cluster.RemoveWhenProcessEnds(owner.Id);

        owner.Kill();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (Directory.Exists(dataDirectory) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists(dataDirectory), "The watcher left the cluster's directory behind.");
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(cluster.ConnectionString, "SELECT 1"));
        await cluster.DisposeAsync();
    }

    [Fact]
    public void RemoveAbandoned_RemovesOnlyOldClusterDirectoriesWithoutARunningServer()
    {
        var parent = Directory.CreateTempSubdirectory("cluster-sweep-").FullName;
        var now = DateTime.UtcNow;
        var abandoned = ClusterDirectory(parent, "helperplatform-pg-abandoned", now - LocalPostgresCluster.AbandonedAfter - TimeSpan.FromMinutes(1));
        var running = ClusterDirectory(parent, "helperplatform-pg-running", now.AddDays(-1), serverRunning: true);
        var beingSetUp = ClusterDirectory(parent, "helperplatform-pg-new", now.AddSeconds(-5));
        var unrelated = ClusterDirectory(parent, "something-else", now.AddDays(-1));

        LocalPostgresCluster.RemoveAbandoned(parent, now);

        Assert.False(Directory.Exists(abandoned));
        Assert.All([running, beingSetUp, unrelated], directory => Assert.True(Directory.Exists(directory), directory));
        Directory.Delete(parent, recursive: true);
    }

    private static string ClusterDirectory(string parent, string name, DateTime modifiedUtc, bool serverRunning = false)
    {
        var directory = Path.Combine(parent, name);
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        if (serverRunning)
        {
            File.WriteAllText(Path.Combine(directory, "data", "postmaster.pid"), "4242");
        }

        Directory.SetLastWriteTimeUtc(directory, modifiedUtc);
        return directory;
    }

    [Fact]
    public void Binaries_AreFoundOnThisMachine()
    {
        var directory = PostgresBinaries.FindDirectory();

        Assert.NotNull(directory);
        Assert.True(File.Exists(Path.Combine(directory, "initdb")));
    }

    private static bool DockerAnswers() => File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 };

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
