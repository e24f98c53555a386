using Temporalio.Activities;

namespace HelperPlatform.Workflows.Management;

/// <summary>
/// A published, immutable test set version as the onboarding workflow receives it: the workflow keeps
/// <see cref="Code"/> and <see cref="Version"/> so a later publish never changes a running onboarding.
/// </summary>
/// <param name="DefinitionJson">The version's tree, in the format of <c>docs/test-sets.md</c>.</param>
public sealed record PublishedTestSet(string Code, int Version, string Name, string Skill, string DefinitionJson)
{
    /// <summary>The name of the test set kind among Management's versioned definitions.</summary>
    public const string DefinitionKind = "test-set";
}

/// <summary>Published test sets, on the Management queue: the onboarding context never reads the management schema.</summary>
public interface ITestSetActivities
{
    /// <summary>The latest published test set granting <paramref name="skill"/>; null when there is none.</summary>
    [Activity]
    Task<PublishedTestSet?> FindPublishedTestSetForSkillAsync(string skill);

    /// <summary>Every skill some published test set grants: the skills a candidate may apply for.</summary>
    [Activity]
    Task<IReadOnlyList<string>> ListPublishedSkillsAsync();
}
