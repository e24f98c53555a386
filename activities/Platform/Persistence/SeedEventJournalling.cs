using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HelperPlatform.Activities.Platform.Persistence;

public static class SeedEventJournalling
{
    /// <summary>
    /// Appends the event to the context's journal unless its id is there already, inside whatever transaction
    /// the caller holds, so a change and the event that announces it are stored together or not at all.
    /// </summary>
    /// <returns>False when an earlier attempt stored the event (and, with it, the caller's change).</returns>
    public static async Task<bool> JournalOnceAsync(this ContextDbContext db, SeedEvent seedEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(seedEvent);
        // The schema comes from the BoundedContext enum, never from input; the values are parameters.
        var sql = "INSERT INTO " + db.Context.Schema() + ".events (id, stream_id, type, actor, occurred_at, data_json) "
            + "VALUES ({0}, {1}, {2}, {3}, {4}, {5}) ON CONFLICT (id) DO NOTHING";
        var inserted = await db.Database.ExecuteSqlRawAsync(
            sql,
            [seedEvent.EventId, seedEvent.StreamId, seedEvent.Type, seedEvent.Actor, seedEvent.OccurredAt, new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)seedEvent.DataJson ?? DBNull.Value }],
            cancellationToken);
        return inserted > 0;
    }

    /// <summary>
    /// Journals the event unless its id is there already and applies <paramref name="change"/> in the same SQL
    /// statement: one round trip, no explicit transaction, and the change commits with the event that announces
    /// it or not at all. The change follows the statement's common table expressions: a statement, or further
    /// expressions (starting with a comma) and a statement. It tests <c>EXISTS (SELECT 1 FROM journalled_now)</c>,
    /// which holds when this statement journalled the event (or there is none), so a retry whose event is there
    /// already changes nothing.
    /// </summary>
    public static Task<int> ExecuteJournalledAsync(
        this ContextDbContext db, SeedEvent? seedEvent, FormattableString change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        var changeArguments = change.GetArguments();
        var first = changeArguments.Length;
        // The event's values follow the change's own, so the change keeps its placeholders; the schema comes
        // from the BoundedContext enum, never from input.
        var sql = "WITH journal AS (INSERT INTO " + db.Context.Schema() + ".events (id, stream_id, type, actor, occurred_at, data_json) "
            + $"SELECT {{{first}}}::uuid, {{{first + 1}}}::text, {{{first + 2}}}::text, {{{first + 3}}}::text, {{{first + 4}}}::timestamptz, {{{first + 5}}}::jsonb "
            + $"WHERE {{{first + 6}}} ON CONFLICT (id) DO NOTHING RETURNING 1), "
            + $"journalled_now AS (SELECT 1 WHERE NOT {{{first + 6}}} OR EXISTS (SELECT 1 FROM journal)) "
            + change.Format;
        object?[] arguments =
        [
            .. changeArguments,
            seedEvent?.EventId, seedEvent?.StreamId, seedEvent?.Type, seedEvent?.Actor, seedEvent?.OccurredAt.ToUniversalTime(), seedEvent?.DataJson,
            seedEvent is not null,
        ];
        return db.Database.ExecuteSqlRawAsync(sql, arguments!, cancellationToken);
    }
}
