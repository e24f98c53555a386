using Temporalio.Activities;

namespace HelperPlatform.Workflows.Platform;

/// <summary>
/// A domain event named in the Event Storming (e.g. <c>HelpRequested</c>), as a context records it in its
/// own journal. <paramref name="EventId"/> is created inside the workflow (<c>Workflow.NewGuid()</c>), so a
/// retried recording activity stores the event once.
/// </summary>
public sealed record SeedEvent(
    Guid EventId,
    string StreamId,
    string Type,
    string Actor,
    DateTimeOffset OccurredAt,
    string? DataJson = null);

/// <summary>Every context worker serves this, recording into its own context's journal.</summary>
public interface ISeedEventJournalActivities
{
    /// <summary>Journals the event once, by its id.</summary>
    [Activity]
    Task RecordSeedEventAsync(SeedEvent seedEvent);
}
