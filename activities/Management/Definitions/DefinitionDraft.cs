namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>The one editable copy of a definition. <see cref="Revision"/> grows with every save.</summary>
public sealed class DefinitionDraft
{
    public required string Kind { get; set; }

    /// <summary>The definition's stable id, e.g. <c>cookie-delivery-basics</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The designer's tree as jsonb.</summary>
    public required string Tree { get; set; }

    public int Revision { get; set; }

    /// <summary>
    /// Where the designer drew each step (jsonb, keyed by step id), kept beside the tree: moving a step changes
    /// neither the tree nor <see cref="Revision"/>. Null until the designer first saves a layout.
    /// </summary>
    public string? Layout { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
