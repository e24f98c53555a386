using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Host.Management;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelperPlatform.Tests.Management;

/// <summary>Draft → publish → immutable numbered versions, through the real HTTP API and PostgreSQL.</summary>
public sealed class TestSetLifecycleTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Publish_AfterCreateAndEdit_CreatesVersion1FromTheEditedDraft()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        var created = await api.CreateAsync(code, tree);
        TestSetTrees.Step(tree, "sequence/0")["name"] = "Cookie basics, edited";

        using var updated = await api.UpdateAsync(code, created.Revision, tree, name: "Cookie delivery v1");
        var draft = (await updated.Content.ReadFromJsonAsync<DraftResponse>())!;
        var version = await api.PublishedAsync(code, draft.Revision);

        Assert.Equal(1, created.Revision);
        Assert.Empty(created.Problems);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, draft.Revision);
        Assert.Equal(1, version.Version);
        Assert.Equal(2, version.DraftRevision);
        Assert.Equal("Cookie delivery v1", version.Name);
        Assert.Equal("manager@staff.test", version.PublishedBy);
        Assert.Equal("Cookie basics, edited", version.Definition.GetProperty("sequence")[0].GetProperty("name").GetString());
        Assert.True(JsonNode.DeepEquals(tree, JsonNode.Parse(version.Definition.GetRawText())), "the version is not the draft's tree");
        Assert.Equal(1, (await api.DraftAsync(code)).LatestVersion);
    }

    [Fact]
    public async Task Publish_Again_CreatesVersion2AndLeavesVersion1ByteForByte()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        var created = await api.CreateAsync(code, tree);
        await api.PublishedAsync(code, created.Revision);
        var version1Body = await api.Client.GetStringAsync($"/api/test-sets/{code}/versions/1");
        var version1Row = await StoredTreeAsync(code, 1);

        TestSetTrees.Step(tree, "sequence/0/properties")["passScore"] = 3;
        using var updated = await api.UpdateAsync(code, created.Revision, tree);
        var version2 = await api.PublishedAsync(code, created.Revision + 1);
        var versions = await api.Client.GetFromJsonAsync<VersionSummaryResponse[]>($"/api/test-sets/{code}/versions");
        var latest = await api.Client.GetFromJsonAsync<VersionResponse>($"/api/test-sets/{code}/versions/latest");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, version2.Version);
        Assert.Equal(3, version2.Definition.GetProperty("sequence")[0].GetProperty("properties").GetProperty("passScore").GetInt32());
        Assert.Equal(version1Body, await api.Client.GetStringAsync($"/api/test-sets/{code}/versions/1"));
        Assert.Equal(version1Row, await StoredTreeAsync(code, 1));
        Assert.Contains("\"passScore\":2", version1Body, StringComparison.Ordinal);
        Assert.Equal([1, 2], versions!.Select(version => version.Version));
        Assert.Equal(2, latest!.Version);
    }

    [Fact]
    public async Task UpdateDraft_WithStaleRevision_Answers409AndKeepsTheNewerDraft()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        var created = await api.CreateAsync(code, tree);
        TestSetTrees.Step(tree, "sequence/0")["name"] = "First editor";
        using var first = await api.UpdateAsync(code, created.Revision, tree);

        TestSetTrees.Step(tree, "sequence/0")["name"] = "Second editor, from the old revision";
        using var second = await api.UpdateAsync(code, created.Revision, tree);
        var problem = await DefinitionApi.ProblemAsync(second);
        var draft = await api.DraftAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(2, problem.GetProperty("currentRevision").GetInt32());
        Assert.Equal(2, draft.Revision);
        Assert.Equal("First editor", draft.Definition.GetProperty("sequence")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Publish_WithStaleRevision_Answers409AndPublishesNothing()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        var created = await api.CreateAsync(code, tree);
        using var updated = await api.UpdateAsync(code, created.Revision, tree);

        using var published = await api.PublishAsync(code, created.Revision);

        Assert.Equal(HttpStatusCode.Conflict, published.StatusCode);
        Assert.Equal(2, (await DefinitionApi.ProblemAsync(published)).GetProperty("currentRevision").GetInt32());
        Assert.Equal(0, await api.StoredVersionCountAsync(code));
    }

    [Fact]
    public async Task Publish_TheLatestVersionAgain_Answers409NothingChanged_EvenFromAnIdenticalNewRevision()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        var created = await api.CreateAsync(code, tree);
        await api.PublishedAsync(code, created.Revision);

        using var again = await api.PublishAsync(code, created.Revision);
        using var resaved = await api.UpdateAsync(code, created.Revision, tree);
        using var identical = await api.PublishAsync(code, created.Revision + 1);

        foreach (var refused in new[] { again, identical })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await DefinitionApi.ProblemAsync(refused);
            Assert.StartsWith("Nothing changed since version 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, problem.GetProperty("latestVersion").GetInt32());
        }

        Assert.Equal(HttpStatusCode.OK, resaved.StatusCode);
        Assert.Equal(1, await api.StoredVersionCountAsync(code));
    }

    [Fact]
    public async Task Publish_Concurrently_PublishesTheDraftOnce_TheOthersHearNothingChanged()
    {
        const int publishers = 6;
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        var created = await api.CreateAsync(code, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")));
        using var start = new SemaphoreSlim(0);

        var publishes = Enumerable.Range(0, publishers).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await api.PublishAsync(code, created.Revision);
            return response.StatusCode;
        }).ToList();
        start.Release(publishers);
        var answers = await Task.WhenAll(publishes);

        Assert.Equal(1, answers.Count(answer => answer == HttpStatusCode.Created));
        Assert.Equal(publishers - 1, answers.Count(answer => answer == HttpStatusCode.Conflict));
        Assert.Equal(1, await api.StoredVersionCountAsync(code));
        Assert.Equal(1, await CountEventsAsync($"test-set/{code}", "TestSetConfigured"));
    }

    [Fact]
    public async Task Create_WithATakenCode_Answers409AndKeepsTheFirstDraft()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("basics");
        await api.CreateAsync(code, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")), name: "First");

        using var again = await api.Client.PostAsJsonAsync("/api/test-sets", new { code, name = "Second" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("First", (await api.DraftAsync(code)).Name);
    }

    [Fact]
    public async Task Create_WithoutDefinition_StartsAnEmptyDraftThatListsWhatIsMissing()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("empty");

        using var response = await api.Client.PostAsJsonAsync("/api/test-sets", new { code, name = "Not started yet" });
        var draft = (await response.Content.ReadFromJsonAsync<DraftResponse>())!;
        using var published = await api.PublishAsync(code, draft.Revision);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/test-sets/{code}/draft", response.Headers.Location?.OriginalString);
        Assert.Equal(
            ["definition.properties.attemptsPerTest", "definition.properties.deadline", "definition.properties.skill", "definition.sequence"],
            draft.Problems.Select(problem => problem.Path).Order());
        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Equal(0, await api.StoredVersionCountAsync(code));
    }

    [Fact]
    public async Task Publish_ASkillAnotherTestSetPublishes_Answers400NamingTheSkill()
    {
        var api = await ManagerApiAsync();
        var skill = TestSetTrees.UniqueCode("skill");
        var first = TestSetTrees.UniqueCode("first");
        var second = TestSetTrees.UniqueCode("second");
        await api.PublishedAsync(first, (await api.CreateAsync(first, TestSetTrees.Valid(skill))).Revision);

        using var response = await api.PublishAsync(second, (await api.CreateAsync(second, TestSetTrees.Valid(skill))).Revision);
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var skillProblem = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal("definition.properties.skill", skillProblem.GetProperty("path").GetString());
        Assert.Contains(first, skillProblem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await api.StoredVersionCountAsync(second));
    }

    [Fact]
    public async Task List_ShowsEachTestSetWithRevisionAndLatestVersion()
    {
        var api = await ManagerApiAsync();
        var published = TestSetTrees.UniqueCode("listed");
        var draftOnly = TestSetTrees.UniqueCode("listed");
        await api.PublishedAsync(published, (await api.CreateAsync(published, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")))).Revision);
        await api.CreateAsync(draftOnly, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")));

        var list = (await api.Client.GetFromJsonAsync<DefinitionSummaryResponse[]>("/api/test-sets"))!;

        Assert.Equal(1, list.Single(summary => summary.Code == published).LatestVersion);
        Assert.Null(list.Single(summary => summary.Code == draftOnly).LatestVersion);
    }

    [Theory]
    [InlineData("/api/test-sets/no-such-set/draft")]
    [InlineData("/api/test-sets/no-such-set/versions")]
    [InlineData("/api/test-sets/no-such-set/versions/latest")]
    [InlineData("/api/test-sets/no-such-set/versions/1")]
    [InlineData("/api/test-sets/Not%20A%20Code/draft")]
    public async Task Read_OfAnUnknownTestSet_Answers404ProblemDetails(string path)
    {
        var api = await ManagerApiAsync();

        using var response = await api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(PlatformRoles.Candidate)]
    [InlineData(PlatformRoles.Client)]
    [InlineData(PlatformRoles.Worker)]
    [InlineData(PlatformRoles.Ops)]
    public async Task AnswerKeys_ForEveryRoleButManager_AreRefused(string role)
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("secret");
        await api.PublishedAsync(code, (await api.CreateAsync(code, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")))).Revision);
        using var other = await fixture.Host.CreateClientAsync(role);

        foreach (var path in new[] { $"/api/test-sets/{code}/draft", $"/api/test-sets/{code}/versions/1", $"/api/test-sets/{code}/versions/latest" })
        {
            using var response = await other.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("correctChoiceIds", body, StringComparison.Ordinal);
        }

        using var publish = await other.PostAsJsonAsync($"/api/test-sets/{code}/publish", new { revision = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(1, await api.StoredVersionCountAsync(code));
    }

    [Fact]
    public async Task Host_WithoutManagement_DoesNotServeTestSets()
    {
        await using var host = await PlatformHost.StartAsync("Platform:Contexts=Ordering");
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.GetAsync("/api/test-sets");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<DefinitionApi> ManagerApiAsync() =>
        DefinitionApi.TestSets(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));

    /// <summary>The jsonb text exactly as PostgreSQL returns it, bypassing EF and the API.</summary>
    private async Task<string> StoredTreeAsync(string code, int number)
    {
        await using var connection = new NpgsqlConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT tree::text FROM management.definition_versions WHERE kind = 'test-set' AND code = @code AND number = @number", connection);
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("number", number);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<int> CountEventsAsync(string streamId, string type)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManagementDbContext>().Events
            .CountAsync(recorded => recorded.StreamId == streamId && recorded.Type == type);
    }
}
