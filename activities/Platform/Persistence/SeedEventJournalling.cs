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
}
