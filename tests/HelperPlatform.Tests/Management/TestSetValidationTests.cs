using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Host.Management;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// Every rule of the step catalogue: a draft with the problem is kept (work in progress is never lost) and
/// lists it, publishing answers 400 naming the step, and nothing is published.
/// </summary>
public sealed class TestSetValidationTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private const string FinishFailed = """{ "id": "give-up", "componentType": "task", "type": "finish", "name": "Give up", "properties": { "outcome": "failed" } }""";

    /// <summary>Each case breaks one thing in <see cref="TestSetTrees.Valid"/>: the step id and path the answer must name.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Break, string? StepId, string Path)> Cases = new()
    {
        ["unknown step type"] = (tree => Step(tree, "sequence/0")["type"] = "essay", "basics-quiz", "sequence[0].type"),
        ["unknown step type inside a branch"] = (tree => Step(tree, "sequence/1/branches/Fail/0")["type"] = "essay", "basics-remedial", "sequence[1].branches.Fail[0].type"),
        ["wrong component type"] = (tree => Step(tree, "sequence/0")["componentType"] = "switch", "basics-quiz", "sequence[0].componentType"),
        ["blank step name"] = (tree => Step(tree, "sequence/2")["name"] = " ", "delivery-practice", "sequence[2].name"),
        ["blank step id"] = (tree => Step(tree, "sequence/2")["id"] = "", "", "sequence[2].id"),
        ["step id over 64 characters"] = (tree => Step(tree, "sequence/2")["id"] = new string('s', 65), new string('s', 65), "sequence[2].id"),
        ["duplicate step ids"] = (tree => Step(tree, "sequence/2")["id"] = "basics-quiz", "basics-quiz", "sequence[2].id"),
        ["duplicate step id inside a branch"] = (tree => Step(tree, "sequence/1/branches/Fail/0")["id"] = "delivery-practice", "delivery-practice", "sequence[2].id"),
        ["quiz without pass score"] = (tree => Step(tree, "sequence/0/properties").Remove("passScore"), "basics-quiz", "sequence[0].properties.passScore"),
        ["quiz pass score above total points"] = (tree => Step(tree, "sequence/0/properties")["passScore"] = 4, "basics-quiz", "sequence[0].properties.passScore"),
        ["quiz pass score zero"] = (tree => Step(tree, "sequence/0/properties")["passScore"] = 0, "basics-quiz", "sequence[0].properties.passScore"),
        ["quiz pass score not a whole number"] = (tree => Step(tree, "sequence/0/properties")["passScore"] = 1.5m, "basics-quiz", "sequence[0].properties.passScore"),
        ["empty quiz"] = (tree => Step(tree, "sequence/0/properties")["questions"] = new JsonArray(), "basics-quiz", "sequence[0].properties.questions"),
        ["question without a correct answer"] = (tree => Step(tree, "sequence/0/properties/questions/0")["correctChoiceIds"] = new JsonArray(), "basics-quiz", "sequence[0].properties.questions[0].correctChoiceIds"),
        ["correct answer that is not a choice"] = (tree => Step(tree, "sequence/0/properties/questions/1")["correctChoiceIds"] = new JsonArray("a", "z"), "basics-quiz", "sequence[0].properties.questions[1].correctChoiceIds"),
        ["question with one choice"] = (tree => Step(tree, "sequence/1/branches/Fail/0/properties/questions/0")["choices"] = JsonNode.Parse("""[{ "id": "a", "text": "Only" }]"""), "basics-remedial", "sequence[1].branches.Fail[0].properties.questions[0].choices"),
        ["duplicate choice ids"] = (tree => Step(tree, "sequence/0/properties/questions/1/choices/2")["id"] = "a", "basics-quiz", "sequence[0].properties.questions[1].choices[2].id"),
        ["duplicate question ids"] = (tree => Step(tree, "sequence/0/properties/questions/1")["id"] = "q1", "basics-quiz", "sequence[0].properties.questions[1].id"),
        ["question without points"] = (tree => Step(tree, "sequence/0/properties/questions/0").Remove("points"), "basics-quiz", "sequence[0].properties.questions[0].points"),
        ["misspelt step property"] = (tree => Step(tree, "sequence/0/properties")["passscore"] = 2, "basics-quiz", "sequence[0].properties.passscore"),
        ["practical task pass score above max score"] = (tree => Step(tree, "sequence/2/properties")["passScore"] = 11, "delivery-practice", "sequence[2].properties.passScore"),
        ["practical task without instructions"] = (tree => Step(tree, "sequence/2/properties").Remove("instructions"), "delivery-practice", "sequence[2].properties.instructions"),
        ["branch that does not exist for the step type"] = (tree => Step(tree, "sequence/1/branches")["Maybe"] = new JsonArray(), "basics-check", "sequence[1].branches.Maybe"),
        ["missing branch"] = (tree => Step(tree, "sequence/1/branches").Remove("Fail"), "basics-check", "sequence[1].branches.Fail"),
        ["branches on a task"] = (tree => Step(tree, "sequence/0")["branches"] = JsonNode.Parse("""{ "Pass": [] }"""), "basics-quiz", "sequence[0].branches.Pass"),
        ["branch on a step that runs later"] = (tree => Step(tree, "sequence/1/properties")["testStepId"] = "delivery-practice", "basics-check", "sequence[1].properties.testStepId"),
        ["branch on an unknown step"] = (tree => Step(tree, "sequence/1/properties")["testStepId"] = "nowhere", "basics-check", "sequence[1].properties.testStepId"),
        ["unreachable step after finish"] = (tree => tree["sequence"]!.AsArray().Insert(1, JsonNode.Parse(FinishFailed)), "basics-check", "sequence[2]"),
        ["unreachable step after branches that all finish"] = (tree =>
        {
            Step(tree, "sequence/1/branches")["Pass"] = new JsonArray(JsonNode.Parse(FinishFailed.Replace("give-up", "stop-early", StringComparison.Ordinal)));
            Step(tree, "sequence/1/branches")["Fail"]!.AsArray().Add(JsonNode.Parse(FinishFailed));
        }, "delivery-practice", "sequence[2]"),
        ["finish with an unknown outcome"] = (tree => tree["sequence"]!.AsArray().Add(JsonNode.Parse(FinishFailed.Replace("\"failed\"", "\"maybe\"", StringComparison.Ordinal))), "give-up", "sequence[3].properties.outcome"),
        ["no test at all"] = (tree => tree["sequence"] = new JsonArray(JsonNode.Parse(FinishFailed)), null, "sequence"),
        ["missing skill"] = (tree => Step(tree, "properties").Remove("skill"), null, "properties.skill"),
        ["skill that is not a code"] = (tree => Step(tree, "properties")["skill"] = "Cookie Delivery", null, "properties.skill"),
        ["zero attempts"] = (tree => Step(tree, "properties")["attemptsPerTest"] = 0, null, "properties.attemptsPerTest"),
        ["negative attempts"] = (tree => Step(tree, "properties")["attemptsPerTest"] = -2, null, "properties.attemptsPerTest"),
        ["attempts as text"] = (tree => Step(tree, "properties")["attemptsPerTest"] = "3", null, "properties.attemptsPerTest"),
        ["deadline in words"] = (tree => Step(tree, "properties")["deadline"] = "14 days", null, "properties.deadline"),
        ["deadline in months"] = (tree => Step(tree, "properties")["deadline"] = "P1M", null, "properties.deadline"),
        ["zero deadline"] = (tree => Step(tree, "properties")["deadline"] = "PT0S", null, "properties.deadline"),
        ["deadline over a year"] = (tree => Step(tree, "properties")["deadline"] = "P400D", null, "properties.deadline"),
        ["misspelt set property"] = (tree => Step(tree, "properties")["attempts"] = 3, null, "properties.attempts"),
    };

    public static TheoryData<string> InvalidCases() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public async Task Publish_OfAnInvalidTestSet_Answers400NamingTheStepAndPublishesNothing(string name)
    {
        var (breakTree, stepId, path) = Cases[name];
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("invalid");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        breakTree(tree);

        var draft = await api.CreateAsync(code, tree);
        using var response = await api.PublishAsync(code, draft.Revision);
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(draft.Problems, found => found.StepId == stepId && found.Path == $"definition.{path}");
        Assert.True(
            problem.GetProperty("problems").EnumerateArray().Any(found => StepIdOf(found) == stepId && found.GetProperty("path").GetString() == $"definition.{path}"),
            $"no problem for step '{stepId}' at '{path}' in {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty($"definition.{path}", out _), $"no error keyed '{path}' in {problem}");
        Assert.Equal(0, await api.StoredVersionCountAsync(code));
        Assert.Equal(0, await CountEventsAsync(code));
    }

    [Fact]
    public async Task Publish_OfATreeWithSeveralProblems_ListsEveryOne()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("invalid");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        Step(tree, "properties").Remove("skill");
        Step(tree, "sequence/0/properties")["questions"] = new JsonArray();
        Step(tree, "sequence/1/branches/Fail/0")["type"] = "essay";
        Step(tree, "sequence/2/properties")["passScore"] = 11;

        using var response = await api.PublishAsync(code, (await api.CreateAsync(code, tree)).Revision);
        var problems = (await DefinitionApi.ProblemAsync(response)).GetProperty("problems").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([null, "basics-quiz", "basics-remedial", "delivery-practice"], problems.Select(StepIdOf).Distinct().Order());
        Assert.All(problems, found => Assert.False(string.IsNullOrWhiteSpace(found.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task SaveDraft_WithProblems_KeepsItAndPublishesOnceFixed()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("wip");
        var tree = TestSetTrees.Valid(TestSetTrees.UniqueCode("skill"));
        Step(tree, "sequence/0/properties")["questions"] = new JsonArray();
        var draft = await api.CreateAsync(code, tree);

        var fixedTree = TestSetTrees.Valid(tree["properties"]!["skill"]!.GetValue<string>());
        using var saved = await api.UpdateAsync(code, draft.Revision, fixedTree);
        var fixedDraft = (await saved.Content.ReadFromJsonAsync<DraftResponse>())!;
        using var published = await api.PublishAsync(code, fixedDraft.Revision);

        Assert.NotEmpty(draft.Problems);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Empty(fixedDraft.Problems);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(1, await api.StoredVersionCountAsync(code));
    }

    public static TheoryData<string, string> NotTrees() => new()
    {
        { "[]", "definition" },
        { "\"a quiz\"", "definition" },
        { "42", "definition" },
        { "{}", "definition.properties" },
        { """{ "properties": {}, "sequence": {} }""", "definition.sequence" },
        { """{ "properties": [], "sequence": [] }""", "definition.properties" },
        { """{ "properties": {}, "sequence": [ 1 ] }""", "definition.sequence[0]" },
        { """{ "properties": {}, "sequence": [ { "componentType": "task", "type": "quiz", "name": "Q", "properties": {} } ] }""", "definition.sequence[0].id" },
        { """{ "properties": {}, "sequence": [ { "id": "q", "componentType": "task", "type": "quiz", "name": "Q", "properties": [] } ] }""", "definition.sequence[0].properties" },
        { """{ "properties": {}, "sequence": [ { "id": "b", "componentType": "switch", "type": "branchOnResult", "name": "B", "properties": {}, "branches": [] } ] }""", "definition.sequence[0].branches" },
        { """{ "properties": {}, "sequence": [ { "id": "b", "componentType": "switch", "type": "branchOnResult", "name": "B", "properties": {}, "branches": { "Pass": {} } } ] }""", "definition.sequence[0].branches.Pass" },
    };

    [Theory]
    [MemberData(nameof(NotTrees))]
    public async Task SaveDraft_ThatIsNotATree_Answers400AndStoresNothing(string definition, string path)
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("shape");
        var draft = await api.CreateAsync(code, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")));
        var body = $$"""{ "revision": {{draft.Revision}}, "name": "Broken", "definition": {{definition}} }""";
        var otherCode = TestSetTrees.UniqueCode("shape");

        using var updated = await api.Client.PutAsync($"/api/test-sets/{code}/draft", new StringContent(body, Encoding.UTF8, "application/json"));
        using var created = await api.Client.PostAsync(
            "/api/test-sets", new StringContent($$"""{ "code": "{{otherCode}}", "name": "Broken", "definition": {{definition}} }""", Encoding.UTF8, "application/json"));
        var problem = await DefinitionApi.ProblemAsync(updated);
        using var missing = await api.Client.GetAsync($"/api/test-sets/{otherCode}/draft");

        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), $"no error keyed '{path}' in {problem}");
        Assert.Equal(draft.Revision, (await api.DraftAsync(code)).Revision);
        Assert.Equal("Cookie delivery", (await api.DraftAsync(code)).Name);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { """{ "name": "Cookie delivery", "definition": { "properties": {}, "sequence": [] } }""", "revision" },
        { """{ "revision": 0, "name": "Cookie delivery", "definition": { "properties": {}, "sequence": [] } }""", "revision" },
        { """{ "revision": 1, "definition": { "properties": {}, "sequence": [] } }""", "name" },
        { """{ "revision": 1, "name": "Cookie delivery" }""", "definition" },
        { """{ "revision": "one", "name": "Cookie delivery", "definition": {} }""", "revision" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task SaveDraft_WithABadField_Answers400NamingItAndKeepsTheDraft(string body, string field)
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("fields");
        var draft = await api.CreateAsync(code, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")));

        using var response = await api.Client.PutAsync($"/api/test-sets/{code}/draft", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        Assert.Equal(draft.Revision, (await api.DraftAsync(code)).Revision);
    }

    [Theory]
    [InlineData("Cookie-Delivery")]
    [InlineData("cookie--delivery")]
    [InlineData("-cookie")]
    [InlineData("")]
    public async Task Create_WithACodeThatIsNotACode_Answers400NamingCode(string code)
    {
        var api = await ManagerApiAsync();

        using var response = await api.Client.PostAsJsonAsync("/api/test-sets", new { code, name = "Cookie delivery" });
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
    }

    private static JsonObject Step(JsonObject tree, string path) => TestSetTrees.Step(tree, path);

    private static string? StepIdOf(JsonElement problem) =>
        problem.GetProperty("stepId").ValueKind == JsonValueKind.Null ? null : problem.GetProperty("stepId").GetString();

    private async Task<DefinitionApi> ManagerApiAsync() =>
        DefinitionApi.TestSets(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));

    private async Task<int> CountEventsAsync(string code)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManagementDbContext>().Events.CountAsync(recorded => recorded.StreamId == $"test-set/{code}");
    }
}
