using HelperPlatform.Host.Platform.Postgres;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

/// <summary>The embedded cluster kept in a data directory across starts (<see cref="LocalPostgresCluster.OpenAsync"/>), and <c>--ephemeral</c>.</summary>
public sealed class KeptPostgresClusterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("helperplatform-kept-test-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task StoppedAndOpenedAgain_KeepsTheData()
    {
        var first = await LocalPostgresCluster.OpenAsync(directory);
        await ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
        await first.DisposeAsync();

        Assert.False(File.Exists(Path.Combine(directory, "data", "postmaster.pid")), "a fast shutdown removes postmaster.pid");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(first.ConnectionString, "SELECT 1"));
        await using var second = await LocalPostgresCluster.OpenAsync(directory);
        Assert.Equal("still here", await ScalarAsync<string>(second.ConnectionString, "SELECT note FROM kept"));
    }

    [Fact]
    public async Task DirectoryInUse_SecondOpenFailsWithOneLine_AndSucceedsOnceTheFirstIsDisposed()
    {
        var owner = await LocalPostgresCluster.OpenAsync(directory);

        var refused = await Assert.ThrowsAsync<PostgresUnavailableException>(() => LocalPostgresCluster.OpenAsync(directory));
        await owner.DisposeAsync();

        Assert.Equal(
            $"The data directory {directory} is in use by another HelperPlatform host: stop that one, or start this one with --ephemeral or another Platform:DataDirectory.",
            refused.Message);
        await using var next = await LocalPostgresCluster.OpenAsync(directory);
        Assert.Equal(1, await ScalarAsync<int>(next.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task MadeByAnotherMajorVersion_NamesBothVersionsAndTheDirectory()
    {
        var cluster = await LocalPostgresCluster.OpenAsync(directory);
        var installed = (await ScalarAsync<string>(cluster.ConnectionString, "SHOW server_version")).Split('.')[0];
        await cluster.DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(directory, "data", "PG_VERSION"), "9\n");

        var refused = await Assert.ThrowsAsync<PostgresUnavailableException>(() => LocalPostgresCluster.OpenAsync(directory));

        Assert.Equal(
            $"The data directory {directory} was made by PostgreSQL 9, but this machine runs PostgreSQL {installed}: " +
            "upgrade it with pg_upgrade, or remove it (or start with --ephemeral) to start afresh.",
            refused.Message);
    }

    [Fact]
    public async Task WithoutItsPasswordFile_IsRefusedInOneLineNamingTheFile()
    {
        await (await LocalPostgresCluster.OpenAsync(directory)).DisposeAsync();
        var passwordFile = Path.Combine(directory, "password");
        var password = await File.ReadAllTextAsync(passwordFile);
        File.Delete(passwordFile);

        var refused = await Assert.ThrowsAsync<PostgresUnavailableException>(() => LocalPostgresCluster.OpenAsync(directory));

        Assert.Equal(
            $"The data directory {directory} holds a cluster but not its password file ({Path.Combine(directory, "password")}): " +
            "put it back, or remove the directory (or start with --ephemeral) to start afresh.",
            refused.Message);
        // The refusal let go of the directory: with the file back, it opens.
        await File.WriteAllTextAsync(passwordFile, password);
        await using var reopened = await LocalPostgresCluster.OpenAsync(directory);
        Assert.Equal(1, await ScalarAsync<int>(reopened.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task WhoseOwnerIsKilled_IsShutDownByItsWatcher_AndKeepsItsData()
    {
        await using var cluster = await LocalPostgresCluster.OpenAsync(directory);
        await ExecuteAsync(cluster.ConnectionString, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written before the kill')");
        using var owner = System.Diagnostics.Process.Start("sleep", "600");
        cluster.StopServerWhenProcessEnds(owner.Id);

        owner.Kill();
        var postmasterPid = Path.Combine(directory, "data", "postmaster.pid");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (File.Exists(postmasterPid) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(postmasterPid), "the watcher shut the server down");
        await cluster.StartServerAsync();
        Assert.Equal("written before the kill", await ScalarAsync<string>(cluster.ConnectionString, "SELECT note FROM kept"));
    }

    [Fact]
    public async Task Ephemeral_LeavesNothingBehind()
    {
        var dataDirectory = Path.Combine(directory, "unused");
        var configuration = new ConfigurationBuilder().AddCommandLine(EmbeddedPostgres.ReadOption(["--ephemeral", $"--{EmbeddedPostgres.DataDirectoryKey}={dataDirectory}"])).Build();

        var cluster = await EmbeddedPostgres.StartAsync(configuration);
        var serverDirectory = await ScalarAsync<string>(cluster.ConnectionString, "SHOW data_directory");
        await cluster.DisposeAsync();

        Assert.False(Directory.Exists(dataDirectory));
        Assert.False(Directory.Exists(serverDirectory));
    }

    /// <summary>Unpooled: a pooled connection would outlive the server it came from.</summary>
    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
