namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// A kind of versioned definition (test sets, later service types): its name in storage, its step catalogue
/// and set-level rules. The draft/publish/version mechanics in <see cref="DefinitionStore"/> are shared.
/// </summary>
public interface IDefinitionKind
{
    /// <summary>Stored in every row of this kind, e.g. <c>test-set</c>; never change it once rows exist.</summary>
    string Kind { get; }

    /// <summary>How people call one definition of this kind, e.g. <c>test set</c>, for messages.</summary>
    string DisplayName { get; }

    /// <summary>The seed event journalled when a version is published, e.g. <c>TestSetConfigured</c>.</summary>
    string PublishedEventType { get; }

    /// <summary>The kind's step types, which the designer offers as its palette.</summary>
    StepCatalogue Steps { get; }

    /// <summary>Every problem of a tree that has the designer's shape; empty when it may be published.</summary>
    DefinitionCheck Check(DefinitionTree tree);
}

/// <param name="Subject">
/// What the definition is for, when at most one definition of the kind may publish it at a time (a test set's
/// skill); null when the kind has no such rule or the tree does not name it validly.
/// </param>
public sealed record DefinitionCheck(IReadOnlyList<DefinitionProblem> Problems, DefinitionSubject? Subject);

/// <param name="Path">Where the subject sits in the tree, for the problem when another definition has it.</param>
public sealed record DefinitionSubject(string Value, string Path);
