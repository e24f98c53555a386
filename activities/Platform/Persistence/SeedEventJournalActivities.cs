using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Platform.Persistence;

/// <summary>Records seed events into the journal of the context whose worker runs this activity.</summary>
public sealed class SeedEventJournalActivities<TDbContext>(TDbContext db) : ISeedEventJournalActivities
    where TDbContext : ContextDbContext
{
    [Activity]
    public async Task RecordSeedEventAsync(SeedEvent seedEvent)
    {
        ArgumentNullException.ThrowIfNull(seedEvent);
        db.Events.Add(new RecordedEvent
        {
            Id = seedEvent.EventId,
            StreamId = seedEvent.StreamId,
            Type = seedEvent.Type,
            Actor = seedEvent.Actor,
            OccurredAt = seedEvent.OccurredAt,
            DataJson = seedEvent.DataJson,
        });
        await db.SaveOnceAsync(ActivityExecutionContext.Current.CancellationToken);
    }
}
