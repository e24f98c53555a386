using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace HelperPlatform.DevServer.Persistence;

/// <summary>
/// The dev server's tables in PostgreSQL: one row per run (its state outside history) and one per run and journal
/// batch that added to its history (those events as one <c>History</c> message).
/// The schema and tables are created on start if missing; a dev server has no migrations.
/// </summary>
internal sealed partial class DevServerDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string runs;
    private readonly string events;

    private readonly string schema;

    /// <summary>
    /// The journal's connection, which holds the schema's advisory lock: PostgreSQL lets the lock go when the
    /// connection ends (a crash, or a restart of PostgreSQL), and no write can go through a connection without it.
    /// </summary>
    private NpgsqlConnection? writer;

    /// <summary>Set once another server took the schema while this one's connection was down: this one never writes again.</summary>
    private string? ownershipLost;

    private DevServerDatabase(NpgsqlDataSource dataSource, string schema)
    {
        this.dataSource = dataSource;
        this.schema = schema;
        runs = $"\"{schema}\".runs";
        events = $"\"{schema}\".events";
    }

    /// <summary>Connects and creates the schema and tables if missing; throws <see cref="DevServerDatabaseException"/> when it cannot.</summary>
    public static async Task<DevServerDatabase> OpenAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException($"The dev server's schema name '{schema}' must be a lower-case SQL identifier (letters, digits, _).", nameof(schema));
        }
        NpgsqlDataSource dataSource;
        try
        {
            // The journal sends the same few statements in every batch: prepared once per connection, PostgreSQL
            // no longer parses and plans them at each of the several commits a workflow makes.
            dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 8, AutoPrepareMinUsages = 2 });
        }
        catch (ArgumentException exception)
        {
            throw new DevServerDatabaseException($"The dev server's database connection string is not valid: {exception.Message}", exception);
        }
        var database = new DevServerDatabase(dataSource, schema);
        try
        {
            if (!await database.TakeOwnershipAsync(cancellationToken))
            {
                throw new DevServerDatabaseException($"Another dev server is using schema {schema} of this database.");
            }
            await database.ExecuteAsync(
                $"""
                CREATE SCHEMA IF NOT EXISTS "{schema}";
                CREATE TABLE IF NOT EXISTS {database.runs} (
                    run_id text PRIMARY KEY,
                    namespace text NOT NULL,
                    workflow_id text NOT NULL,
                    start_request_id text NOT NULL,
                    closed_at timestamptz,
                    state json NOT NULL)
                    WITH (fillfactor = 50);
                CREATE TABLE IF NOT EXISTS {database.events} (
                    run_id text NOT NULL,
                    first_event_id bigint NOT NULL,
                    history bytea NOT NULL,
                    PRIMARY KEY (run_id, first_event_id));
                """,
                cancellationToken);
            await database.RequireCurrentLayoutAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            await database.DisposeAsync();
            throw new DevServerDatabaseException($"The dev server's database is unreachable: {exception.Message}", exception);
        }
        catch (DevServerDatabaseException)
        {
            await database.DisposeAsync();
            throw;
        }
        return database;
    }

    /// <summary>
    /// A schema written by an earlier dev server whose tables were laid out otherwise is refused in one line, rather
    /// than failing at the first write: a dev server has no migrations.
    /// </summary>
    private async Task RequireCurrentLayoutAsync(CancellationToken cancellationToken)
    {
        await using var columns = dataSource.CreateCommand(
            "SELECT count(*)::int FROM information_schema.columns WHERE table_schema = $1 AND ((table_name = 'events' AND column_name IN ('first_event_id', 'history')) OR (table_name = 'runs' AND column_name = 'state' AND data_type = 'json'))");
        columns.Parameters.Add(new() { Value = schema });
        if ((int)(await columns.ExecuteScalarAsync(cancellationToken))! != 3)
        {
            throw new DevServerDatabaseException(
                $"Schema {schema} holds the tables of an earlier dev server, laid out otherwise; its runs cannot be read. Drop it (DROP SCHEMA \"{schema}\" CASCADE) to start afresh.");
        }
    }

    /// <summary>Deletes the closed runs past their retention, then reads every other run with its events.</summary>
    public async Task<List<StoredRun>> LoadAsync(DateTimeOffset retainedSince, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var expire = new NpgsqlCommand(
            $"WITH expired AS (DELETE FROM {runs} WHERE closed_at < @since RETURNING run_id) DELETE FROM {events} WHERE run_id IN (SELECT run_id FROM expired)",
            connection))
        {
            expire.Parameters.AddWithValue("since", retainedSince);
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }
        var loaded = new Dictionary<string, StoredRun>();
        await using (var readRuns = new NpgsqlCommand($"SELECT run_id, namespace, start_request_id, closed_at, state FROM {runs}", connection))
        await using (var reader = await readRuns.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var runId = reader.GetString(0);
                var state = JsonSerializer.Deserialize<RunState>(reader.GetString(4))!;
                DateTimeOffset? closedAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
                loaded.Add(runId, new StoredRun(runId, reader.GetString(1), reader.GetString(2), closedAt, state, []));
            }
        }
        await using (var readEvents = new NpgsqlCommand($"SELECT run_id, history FROM {events} ORDER BY run_id, first_event_id", connection))
        await using (var reader = await readEvents.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                loaded[reader.GetString(0)].HistoryChunks.Add(reader.GetFieldValue<byte[]>(1));
            }
        }
        return [.. loaded.Values];
    }

    /// <summary>
    /// Writes the changes and deletions of one journal batch as one batch of statements, which PostgreSQL runs as one
    /// implicit transaction (one round trip, no BEGIN and COMMIT of its own); writing it again changes nothing more.
    /// </summary>
    /// <exception cref="DevServerDatabaseException">Another server took the schema while this one's connection was down.</exception>
    public async Task WriteAsync(IReadOnlyList<RunChange> changes, IReadOnlyList<string> evictedRunIds, CancellationToken cancellationToken)
    {
        var connection = await WriterAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        if (changes.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand(
                $"""
                INSERT INTO {runs} (run_id, namespace, workflow_id, start_request_id, closed_at, state)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::json[])
                ON CONFLICT (run_id) DO UPDATE SET state = excluded.state, closed_at = coalesce({runs}.closed_at, excluded.closed_at)
                """);
            upsert.Parameters.Add(new() { Value = changes.Select(change => change.RunId).ToArray() });
            upsert.Parameters.Add(new() { Value = changes.Select(change => change.Namespace).ToArray() });
            upsert.Parameters.Add(new() { Value = changes.Select(change => change.WorkflowId).ToArray() });
            upsert.Parameters.Add(new() { Value = changes.Select(change => change.StartRequestId).ToArray() });
            upsert.Parameters.Add(new() { Value = changes.Select(change => change.ClosedAt).ToArray() });
            upsert.Parameters.Add(new() { Value = changes.Select(change => JsonSerializer.Serialize(change.State)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
            batch.BatchCommands.Add(upsert);
        }
        var chunks = changes.Where(change => change.NewEvents is not null).ToList();
        if (chunks.Count > 0)
        {
            // A batch that failed is captured again from the same first event, with as many events or more: its chunk replaces any row it left.
            var insertEvents = new NpgsqlBatchCommand(
                $"INSERT INTO {events} (run_id, first_event_id, history) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[]) ON CONFLICT (run_id, first_event_id) DO UPDATE SET history = excluded.history");
            insertEvents.Parameters.Add(new() { Value = chunks.Select(change => change.RunId).ToArray() });
            insertEvents.Parameters.Add(new() { Value = chunks.Select(change => change.FirstNewEventId).ToArray() });
            insertEvents.Parameters.Add(new() { Value = chunks.Select(change => change.NewEvents!).ToArray() });
            batch.BatchCommands.Add(insertEvents);
        }
        if (evictedRunIds.Count > 0)
        {
            var deleteEvents = new NpgsqlBatchCommand($"DELETE FROM {events} WHERE run_id = ANY($1)");
            deleteEvents.Parameters.Add(new() { Value = evictedRunIds.ToArray() });
            batch.BatchCommands.Add(deleteEvents);
            var deleteRuns = new NpgsqlBatchCommand($"DELETE FROM {runs} WHERE run_id = ANY($1)");
            deleteRuns.Parameters.Add(new() { Value = evictedRunIds.ToArray() });
            batch.BatchCommands.Add(deleteRuns);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
        await dataSource.DisposeAsync();
    }

    /// <summary>
    /// The connection that holds the lock. After PostgreSQL restarted (or the connection was cut) a new one takes the
    /// lock again before anything is written; if another server took it meanwhile, this one stops writing for good,
    /// since the runs it holds in memory are no longer what the schema holds.
    /// </summary>
    private async Task<NpgsqlConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (ownershipLost is not null)
        {
            throw new DevServerDatabaseException(ownershipLost);
        }
        if (writer is { State: System.Data.ConnectionState.Open })
        {
            return writer;
        }
        if (!await TakeOwnershipAsync(cancellationToken))
        {
            ownershipLost = $"Another dev server took schema {schema} of this database while this one's connection was down; this one writes nothing more and must be restarted.";
            throw new DevServerDatabaseException(ownershipLost);
        }
        return writer!;
    }

    /// <summary>Two servers writing one schema would each overwrite the other's runs: the second is refused.</summary>
    private async Task<bool> TakeOwnershipAsync(CancellationToken cancellationToken)
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
            writer = null;
        }
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var takeLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('helperplatform-devserver:' || $1))", connection);
        takeLock.Parameters.Add(new() { Value = schema });
        if (await takeLock.ExecuteScalarAsync(cancellationToken) is not true)
        {
            await connection.DisposeAsync();
            return false;
        }
        writer = connection;
        return true;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex SchemaName();
}

/// <summary>The dev server's database cannot be used; the message says why in one line.</summary>
public sealed class DevServerDatabaseException : Exception
{
    public DevServerDatabaseException(string message)
        : base(message)
    {
    }

    public DevServerDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
