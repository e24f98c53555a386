using System.Runtime.CompilerServices;
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
    /// Journals the events whose ids are not there yet and applies <paramref name="change"/> in the same SQL
    /// statement: one round trip, no transaction of its own (it joins the caller's, if any), and the change commits
    /// with the events that announce it or not at all. The change follows the statement's common table
    /// expressions: a statement, or further expressions (starting with a comma) and a statement. It tests
    /// <c>EXISTS (SELECT 1 FROM journalled_now)</c>, which holds when this statement journalled an event (or there
    /// are none), so a retry whose events are there already changes nothing.
    /// </summary>
    public static Task<int> ExecuteJournalledAsync(
        this ContextDbContext db, IReadOnlyList<SeedEvent> events, FormattableString change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(change);
        // The schema comes from the BoundedContext enum, never from input; the events' columns are parameters, and a
        // null value (e.g. an event without data) becomes an SQL NULL.
        var journal = FormattableStringFactory.Create(
            "WITH journal AS (INSERT INTO " + db.Context.Schema() + ".events (id, stream_id, type, actor, occurred_at, data_json) "
            + "SELECT id, stream_id, type, actor, occurred_at, data_json::jsonb "
            + "FROM unnest({0}, {1}, {2}, {3}, {4}, {5}) AS journalled (id, stream_id, type, actor, occurred_at, data_json) "
            + "ON CONFLICT (id) DO NOTHING RETURNING 1), "
            + "journalled_now AS (SELECT 1 WHERE cardinality({0}) = 0 OR EXISTS (SELECT 1 FROM journal))",
            events.Select(seedEvent => seedEvent.EventId).ToArray(),
            events.Select(seedEvent => seedEvent.StreamId).ToArray(),
            events.Select(seedEvent => seedEvent.Type).ToArray(),
            events.Select(seedEvent => seedEvent.Actor).ToArray(),
            events.Select(seedEvent => seedEvent.OccurredAt.ToUniversalTime()).ToArray(),
            events.Select(seedEvent => seedEvent.DataJson).ToArray());
        return db.Database.ExecuteSqlAsync(journal.Then(change), cancellationToken);
    }
}
