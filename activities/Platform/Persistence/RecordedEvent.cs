using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Activities.Platform.Persistence;

/// <summary>One row of a context's seed-event journal: the timeline managers and ops read.</summary>
public sealed class RecordedEvent
{
    public Guid Id { get; set; }

    /// <summary>The aggregate the event belongs to, e.g. <c>order/5f0c…</c>.</summary>
    public required string StreamId { get; set; }

    public required string Type { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string? DataJson { get; set; }

    /// <summary>The journal's row of an event a workflow made.</summary>
    public static RecordedEvent Of(SeedEvent seedEvent)
    {
        ArgumentNullException.ThrowIfNull(seedEvent);
        return new RecordedEvent
        {
            Id = seedEvent.EventId,
            StreamId = seedEvent.StreamId,
            Type = seedEvent.Type,
            Actor = seedEvent.Actor,
            OccurredAt = seedEvent.OccurredAt,
            DataJson = seedEvent.DataJson,
        };
    }
}
