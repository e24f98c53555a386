using System.Collections.Concurrent;
using DotNet.Testcontainers.Builders;
using HelperPlatform.Host.Platform.Postgres;
using Npgsql;
using Testcontainers.PostgreSql;

namespace HelperPlatform.Tests.Infrastructure;

public enum PostgresSource
{
    /// <summary><see cref="PostgresServer.ConnectionStringVariable"/> names an existing server.</summary>
    Environment,

    /// <summary>A Docker engine answered; Testcontainers runs the official image.</summary>
    Testcontainers,

    /// <summary>A throwaway cluster from the local server binaries (no Docker engine here).</summary>
    LocalBinaries,
}

/// <summary>
/// The one PostgreSQL server of a test run, found in this order: a connection string from the
/// environment, Testcontainers when Docker answers, a throwaway cluster from the local binaries.
/// Test classes never share a database on it: each creates its own with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionStringVariable = "HELPERPLATFORM_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly ConcurrentQueue<string> databases = new();

    private PostgresServer(string connectionString, PostgresSource source)
    {
        AdminConnectionString = connectionString;
        Source = source;
    }

    public string AdminConnectionString { get; }

    public PostgresSource Source { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Every database the test run made with <see cref="CreateDatabaseAsync"/>: the suite's ledger check reads them all.</summary>
    public IReadOnlyCollection<string> Databases => [.. databases];

    /// <summary>A fresh, empty database on the shared server; the returned string connects to it.</summary>
    /// <param name="listed">False for a database a test spoils on purpose: it stays out of <see cref="Databases"/>.</param>
    public async Task<string> CreateDatabaseAsync(bool listed = true)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        if (listed)
        {
            databases.Enqueue(connectionString);
        }

        return connectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new PostgresServer(fromEnvironment, PostgresSource.Environment);
        }

        if (await TryStartContainerAsync() is { } container)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new PostgresServer(container.GetConnectionString(), PostgresSource.Testcontainers);
        }

        var cluster = await LocalPostgresCluster.StartAsync();
        // xunit v2 has no assembly-level teardown; the process exit is the end of the test run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new PostgresServer(cluster.ConnectionString, PostgresSource.LocalBinaries);
    }

    private static async Task<PostgreSqlContainer?> TryStartContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return container;
        }
        catch (DockerUnavailableException)
        {
            return null;
        }
    }
}
