using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management.TestSets;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Management;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Management;

/// <summary>The query the onboarding workflow will run: the currently published test set of a skill.</summary>
public sealed class TestSetActivitiesTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task FindPublishedForSkill_FollowsTheLatestVersionAndIgnoresTheDraft()
    {
        var api = DefinitionApi.TestSets(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));
        var skill = TestSetTrees.UniqueCode("skill");
        var code = TestSetTrees.UniqueCode("basics");
        var tree = TestSetTrees.Valid(skill);
        var draft = await api.CreateAsync(code, tree);
        var beforePublishing = await FindAsync(skill);
        await api.PublishedAsync(code, draft.Revision);
        var afterVersion1 = await FindAsync(skill);

        TestSetTrees.Step(tree, "properties")["attemptsPerTest"] = 5;
        using var edited = await api.UpdateAsync(code, draft.Revision, tree);
        var whileEditing = await FindAsync(skill);
        await api.PublishedAsync(code, draft.Revision + 1);
        var afterVersion2 = await FindAsync(skill);

        Assert.Null(beforePublishing);
        Assert.Equal((code, 1, skill), (afterVersion1!.Code, afterVersion1.Version, afterVersion1.Skill));
        Assert.Equal(1, whileEditing!.Version);
        Assert.Equal(2, afterVersion2!.Version);
        Assert.Equal(5, JsonNode.Parse(afterVersion2.DefinitionJson)!["properties"]!["attemptsPerTest"]!.GetValue<int>());
        Assert.Null(await FindAsync(TestSetTrees.UniqueCode("skill")));
    }

    [Fact]
    public async Task FindPublishedForSkill_AfterTheSetMovesToAnotherSkill_FindsItOnlyUnderTheNewOne()
    {
        var api = DefinitionApi.TestSets(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));
        var (oldSkill, newSkill) = (TestSetTrees.UniqueCode("skill"), TestSetTrees.UniqueCode("skill"));
        var code = TestSetTrees.UniqueCode("moving");
        var draft = await api.CreateAsync(code, TestSetTrees.Valid(oldSkill));
        await api.PublishedAsync(code, draft.Revision);

        using var edited = await api.UpdateAsync(code, draft.Revision, TestSetTrees.Valid(newSkill));
        await api.PublishedAsync(code, draft.Revision + 1);

        Assert.Null(await FindAsync(oldSkill));
        Assert.Equal(2, (await FindAsync(newSkill))!.Version);
    }

    private async Task<PublishedTestSet?> FindAsync(string skill)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<TestSetActivities>();
        return await new ActivityEnvironment().RunAsync(() => activities.FindPublishedTestSetForSkillAsync(skill));
    }
}
