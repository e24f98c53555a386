using System.Diagnostics;
using HelperPlatform.DevServer.Persistence;
using HelperPlatform.Host.Platform.Postgres;
using Npgsql;
using Temporalio.Client;
using Temporalio.Worker;

namespace HelperPlatform.DevServer.Tests.Durable;

/// <summary>
/// A durable server and its schema over its whole life: the schema's lock let go when a start fails, kept through
/// a lost connection, and never shared with a second server; a stop while the database is down; and what a restart
/// writes again.
/// </summary>
public sealed class DurableOwnershipTests
{
    [Fact]
    public async Task StartFailingAfterTheDatabaseOpened_LetsTheSchemaGo_ForTheNextStart()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        await using var portHolder = await TemporalDevServer.StartAsync(new DevServerOptions { Port = options.Port });

        await Assert.ThrowsAnyAsync<IOException>(() => TemporalDevServer.StartAsync(options));
        await using var next = await TemporalDevServer.StartAsync(OnAnyPort(options));

        Assert.NotNull(next.Address);
    }

    [Fact]
    public async Task ConnectionCut_AnotherServerTookTheSchemaMeanwhile_TheFirstWritesNothingMore()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        await using var first = await TemporalDevServer.StartAsync(options);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(first.Address));

        // As a restart of PostgreSQL would, for this server alone: its lock goes with its connection.
        Assert.Equal(1, await CutLockHoldersAsync(options));
        await using var second = await TemporalDevServer.StartAsync(OnAnyPort(options));
        await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(
            () => client.StartWorkflowAsync((EchoWorkflow wf) => wf.RunAsync("lost"), new($"wf-{Guid.NewGuid()}", "tq-nobody")));

        Assert.Equal(0, await CountRunsAsync(options));
    }

    [Fact]
    public async Task ConnectionCut_NoOtherServer_TheServerTakesItsSchemaBackAndGoesOn()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        await using var server = await TemporalDevServer.StartAsync(options);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var taskQueue = $"tq-{Guid.NewGuid()}";

        Assert.Equal(1, await CutLockHoldersAsync(options));
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<EchoWorkflow>());
        var result = await worker.ExecuteAsync(
            () => client.ExecuteWorkflowAsync((EchoWorkflow wf) => wf.RunAsync("carried on"), new($"wf-{Guid.NewGuid()}", taskQueue)));

        Assert.Equal("carried on", result);
        Assert.Equal(1, await CountRunsAsync(options));
        var refused = await Assert.ThrowsAsync<DevServerDatabaseException>(() => TemporalDevServer.StartAsync(OnAnyPort(options)));
        Assert.Equal($"Another dev server is using schema {options.DatabaseSchema} of this database.", refused.Message);
    }

    [Fact]
    public async Task StoppedWhileItsDatabaseIsDown_StopsWithinTheFinalWait_InsteadOfThrowing()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync();
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        options.DatabaseConnectionString = cluster.ConnectionString;
        var server = await TemporalDevServer.StartAsync(options);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        await cluster.StopServerAsync();
        // A start the server cannot write: its call waits, and the change is still noted when the server stops.
        _ = client.StartWorkflowAsync((EchoWorkflow wf) => wf.RunAsync("unwritten"), new($"wf-{Guid.NewGuid()}", "tq-nobody"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var stopping = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"The server took {stopping.Elapsed} to stop.");
    }

    [Fact]
    public async Task ClosedRun_ServerRestarted_IsNotWrittenAgain()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        var (id, taskQueue) = ($"wf-{Guid.NewGuid()}", $"tq-{Guid.NewGuid()}");
        await using (var first = await TemporalDevServer.StartAsync(options))
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(first.Address));
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<EchoWorkflow>());
            await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync((EchoWorkflow wf) => wf.RunAsync("done"), new(id, taskQueue)));
        }
        var versionBefore = await RowVersionAsync(options, id);

        await using var second = await TemporalDevServer.StartAsync(options);
        var resumed = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(second.Address));
        // Any call waits for the writes before it, the first batch after the start included.
        await resumed.GetWorkflowHandle(id).DescribeAsync();
        await second.WaitUntilStoredAsync();

        Assert.Equal(versionBefore, await RowVersionAsync(options, id));
    }

    [Fact]
    public async Task SchemaOfAnEarlierLayout_IsRefusedInOneLine_NamingTheWayOut()
    {
        var options = await ThrowawayPostgres.DurableOptionsAsync();
        await using (var dataSource = NpgsqlDataSource.Create(options.DatabaseConnectionString!))
        await using (var earlier = dataSource.CreateCommand(
            $"CREATE SCHEMA \"{options.DatabaseSchema}\"; CREATE TABLE \"{options.DatabaseSchema}\".events (run_id text NOT NULL, event_id bigint NOT NULL, data bytea NOT NULL, PRIMARY KEY (run_id, event_id))"))
        {
            await earlier.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<DevServerDatabaseException>(() => TemporalDevServer.StartAsync(options));

        Assert.Equal(
            $"Schema {options.DatabaseSchema} holds the tables of an earlier dev server, laid out otherwise; its runs cannot be read. Drop it (DROP SCHEMA \"{options.DatabaseSchema}\" CASCADE) to start afresh.",
            refused.Message);
        // The refused start let the schema's lock go: a second one is refused for the layout again, not as a second server.
        var again = await Assert.ThrowsAsync<DevServerDatabaseException>(() => TemporalDevServer.StartAsync(OnAnyPort(options)));
        Assert.Equal(refused.Message, again.Message);
    }

    /// <summary>Another server on the same schema, on a port of its own.</summary>
    private static DevServerOptions OnAnyPort(DevServerOptions options) =>
        new() { DatabaseConnectionString = options.DatabaseConnectionString, DatabaseSchema = options.DatabaseSchema, LoggerFactory = options.LoggerFactory };

    /// <summary>Ends the session that holds the server's schema lock (any other server's lock stays); returns how many sessions it ended.</summary>
    private static async Task<int> CutLockHoldersAsync(DevServerOptions options)
    {
        await using var dataSource = NpgsqlDataSource.Create(options.DatabaseConnectionString!);
        await using var cut = dataSource.CreateCommand(
            "SELECT count(*)::int FROM (SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND objid = hashtext('helperplatform-devserver:' || $1)::oid) cut");
        cut.Parameters.Add(new() { Value = options.DatabaseSchema });
        return (int)(await cut.ExecuteScalarAsync())!;
    }

    private static async Task<int> CountRunsAsync(DevServerOptions options)
    {
        await using var dataSource = NpgsqlDataSource.Create(options.DatabaseConnectionString!);
        await using var count = dataSource.CreateCommand($"SELECT count(*)::int FROM \"{options.DatabaseSchema}\".runs");
        return (int)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The row's <c>xmin</c>: the transaction that last wrote it.</summary>
    private static async Task<string> RowVersionAsync(DevServerOptions options, string workflowId)
    {
        await using var dataSource = NpgsqlDataSource.Create(options.DatabaseConnectionString!);
        await using var version = dataSource.CreateCommand($"SELECT xmin::text FROM \"{options.DatabaseSchema}\".runs WHERE workflow_id = $1");
        version.Parameters.Add(new() { Value = workflowId });
        return (string)(await version.ExecuteScalarAsync())!;
    }
}
