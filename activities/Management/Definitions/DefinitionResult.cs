namespace HelperPlatform.Activities.Management.Definitions;

public enum DefinitionOutcome
{
    Done,
    NotFound,
    AlreadyExists,

    /// <summary>The caller edited or published from a revision that is no longer the draft's.</summary>
    StaleRevision,

    /// <summary>The tree is not a tree (on save) or has problems (on publish); see the problems.</summary>
    Invalid,

    /// <summary>Concurrent publishes kept taking the next number; nothing was published, the caller may retry.</summary>
    Contended,

    /// <summary>The draft has the name and tree of the latest version (the value); publishing it again would only repeat it.</summary>
    Unchanged,
}

/// <summary>The answer of a <see cref="DefinitionStore"/> operation; <see cref="Value"/> is set when it is done.</summary>
public sealed record DefinitionResult<T>(
    DefinitionOutcome Outcome, T? Value, IReadOnlyList<DefinitionProblem> Problems, int? CurrentRevision)
    where T : class;

public static class DefinitionResult
{
    public static DefinitionResult<T> Done<T>(T value)
        where T : class => new(DefinitionOutcome.Done, value, [], null);

    public static DefinitionResult<T> Failed<T>(DefinitionOutcome outcome)
        where T : class => new(outcome, null, [], null);

    public static DefinitionResult<T> Invalid<T>(IReadOnlyList<DefinitionProblem> problems)
        where T : class => new(DefinitionOutcome.Invalid, null, problems, null);

    public static DefinitionResult<T> Stale<T>(int currentRevision)
        where T : class => new(DefinitionOutcome.StaleRevision, null, [], currentRevision);
}

/// <summary>A draft with what is wrong with it now; it may be saved with problems but not published.</summary>
public sealed record DraftView(DefinitionDraft Draft, IReadOnlyList<DefinitionProblem> Problems, int? LatestVersion);

public sealed record DefinitionSummary(string Code, string Name, int Revision, DateTimeOffset UpdatedAt, int? LatestVersion);

public sealed record VersionSummary(int Number, string Name, int DraftRevision, DateTimeOffset PublishedAt, string PublishedBy);
