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
        db.Events.Add(RecordedEvent.Of(seedEvent));
        await db.SaveOnceAsync(ActivityExecutionContext.Current.CancellationToken);
    }
}
