namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// An immutable published snapshot of a draft. The key (kind, code, number) is the unique constraint that
/// keeps concurrent publishes from sharing a number; no code path updates or deletes a version.
/// </summary>
public sealed class DefinitionVersion
{
    public required string Kind { get; set; }

    public required string Code { get; set; }

    /// <summary>1, 2, 3… per definition.</summary>
    public int Number { get; set; }

    public required string Name { get; set; }

    public required string Tree { get; set; }

    /// <summary>See <see cref="DefinitionCheck.Subject"/>; indexed for "the published test set for skill X".</summary>
    public string? Subject { get; set; }

    /// <summary>The draft revision this version was published from.</summary>
    public int DraftRevision { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public required string PublishedBy { get; set; }
}
