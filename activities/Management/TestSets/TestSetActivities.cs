using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>What the onboarding workflow asks the Management context about test sets.</summary>
public sealed class TestSetActivities(DefinitionStore store, TestSetKind kind) : ITestSetActivities
{
    /// <summary>The currently published version of the test set that grants <paramref name="skill"/>, or null when none does.</summary>
    [Activity]
    public async Task<PublishedTestSet?> FindPublishedTestSetForSkillAsync(string skill)
    {
        var version = await store.FindPublishedForSubjectAsync(kind, skill, ActivityExecutionContext.Current.CancellationToken);
        return version is null ? null : new PublishedTestSet(version.Code, version.Number, version.Name, skill, version.Tree);
    }

    [Activity]
    public Task<IReadOnlyList<string>> ListPublishedSkillsAsync() =>
        store.ListPublishedSubjectsAsync(kind, ActivityExecutionContext.Current.CancellationToken);
}
