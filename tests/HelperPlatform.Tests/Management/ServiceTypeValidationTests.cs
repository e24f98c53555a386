using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// Every rule of the service-type catalogue and terms: the draft with the problem is kept and lists it,
/// publishing answers 400 naming the step (or null for a set-level problem) and path, and nothing is published.
/// </summary>
public sealed class ServiceTypeValidationTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private const string Rematch = """{ "id": "rematch", "componentType": "task", "type": "matchWorker", "name": "Find another worker", "properties": {} }""";

    /// <summary>
    /// Each case breaks one thing in <see cref="ServiceTypeTrees.Valid"/> (steps: 0 pick, 1 match, 2 handover,
    /// 3 arrive, 4 photos, 5 review with cool-down in its Fail branch): the step id and path the answer must name.
    /// </summary>
    private static readonly Dictionary<string, (Action<JsonObject> Break, string? StepId, string Path)> Cases = new()
    {
        // The flow: catalogue, shape of steps, their order.
        ["unknown step type"] = (tree => Step(tree, "sequence/1")["type"] = "teleport", "match", "sequence[1].type"),
        ["wrong component type"] = (tree => Step(tree, "sequence/5")["componentType"] = "task", "review", "sequence[5].componentType"),
        ["duplicate step id"] = (tree => Step(tree, "sequence/4")["id"] = "arrive", "arrive", "sequence[4].id"),
        ["property on a step that takes none"] = (tree => Step(tree, "sequence/0/properties")["speed"] = 1, "pick", "sequence[0].properties.speed"),
        ["handover without a pick before it"] = (tree => Move(tree, from: 0, to: 2), "handover", "sequence[1]"),
        ["handover without a match before it"] = (tree => Move(tree, from: 1, to: 2), "handover", "sequence[1]"),
        ["handover after check-in"] = (tree => Move(tree, from: 2, to: 3), "handover", "sequence[3]"),
        ["check-in before the picked kit is handed over"] = (tree => Move(tree, from: 2, to: 3), "arrive", "sequence[2]"),
        ["check-in without a match before it"] = (tree => Move(tree, from: 1, to: 3), "arrive", "sequence[2]"),
        ["photo report before check-in"] = (tree => Move(tree, from: 3, to: 4), "photos", "sequence[3]"),
        ["quality review of a step that runs later"] = (tree => Step(tree, "sequence/5/properties")["photoReportStepId"] = "cool-down", "review", "sequence[5].properties.photoReportStepId"),
        ["quality review of a step that takes no photos"] = (tree => Step(tree, "sequence/5/properties")["photoReportStepId"] = "arrive", "review", "sequence[5].properties.photoReportStepId"),
        ["quality review without a Fail branch"] = (tree => Step(tree, "sequence/5/branches").Remove("Fail"), "review", "sequence[5].branches.Fail"),
        ["quality review with an unknown branch"] = (tree => Step(tree, "sequence/5/branches")["Maybe"] = new JsonArray(), "review", "sequence[5].branches.Maybe"),
        ["second matchWorker"] = (tree => Step(tree, "sequence/5/branches")["Pass"] = new JsonArray(JsonNode.Parse(Rematch)), "rematch", "sequence[5].branches.Pass[0]"),
        ["flow without a check-in"] = (tree => Remove(tree, 3), null, "sequence"),
        ["flow without a photo report"] = (tree => Remove(tree, 4), null, "sequence"),
        ["flow without matching"] = (tree => Remove(tree, 1), null, "sequence"),
        ["pick without supplies"] = (tree => Step(tree, "properties")["supplies"] = new JsonArray(), "pick", "sequence[0]"),
        ["supplies without a pick"] = (tree => { Remove(tree, 2); Remove(tree, 0); }, null, "properties.supplies"),
        ["pick without a handover"] = (tree => Remove(tree, 2), "pick", "sequence[0]"),
        ["sampling without a quality review"] = (tree => Remove(tree, 5), null, "properties.qualitySamplingPercent"),
        ["quality review that is never sampled"] = (tree => Step(tree, "properties")["qualitySamplingPercent"] = 0, "review", "sequence[5]"),
        ["check-in radius below 10 m"] = (tree => Step(tree, "sequence/3/properties")["radiusMeters"] = 5, "arrive", "sequence[3].properties.radiusMeters"),
        ["check-in without radius"] = (tree => Step(tree, "sequence/3/properties").Remove("radiusMeters"), "arrive", "sequence[3].properties.radiusMeters"),
        ["max photos below min photos"] = (tree => Step(tree, "sequence/4/properties")["maxPhotos"] = 1, "photos", "sequence[4].properties.maxPhotos"),
        ["zero min photos"] = (tree => Step(tree, "sequence/4/properties")["minPhotos"] = 0, "photos", "sequence[4].properties.minPhotos"),
        ["wait in months"] = (tree => Step(tree, "sequence/5/branches/Fail/0/properties")["duration"] = "P1M", "cool-down", "sequence[5].branches.Fail[0].properties.duration"),
        ["wait over 30 days"] = (tree => Step(tree, "sequence/5/branches/Fail/0/properties")["duration"] = "P31D", "cool-down", "sequence[5].branches.Fail[0].properties.duration"),

        // The terms.
        ["missing description"] = (tree => Step(tree, "properties").Remove("description"), null, "properties.description"),
        ["unknown currency"] = (tree => Step(tree, "properties")["currency"] = "XYZ", null, "properties.currency"),
        ["currency in lowercase"] = (tree => Step(tree, "properties")["currency"] = "eur", null, "properties.currency"),
        ["base price with a fraction of a cent"] = (tree => Step(tree, "properties")["basePrice"] = 45.005m, null, "properties.basePrice"),
        ["yen base price with decimals"] = (tree => { Step(tree, "properties")["currency"] = "JPY"; Step(tree, "properties")["basePrice"] = 4500.5m; }, null, "properties.basePrice"),
        ["base price zero"] = (tree => Step(tree, "properties")["basePrice"] = 0, null, "properties.basePrice"),
        ["base price as text"] = (tree => Step(tree, "properties")["basePrice"] = "45.00", null, "properties.basePrice"),
        ["payout above the base price"] = (tree => Step(tree, "properties")["workerPayout"] = 45.01m, null, "properties.workerPayout"),
        ["negative payout"] = (tree => Step(tree, "properties")["workerPayout"] = -1, null, "properties.workerPayout"),
        ["unknown time zone"] = (tree => Step(tree, "properties")["timeZone"] = "Mars/Olympus_Mons", null, "properties.timeZone"),
        ["sku in lowercase"] = (tree => Step(tree, "properties/supplies/0")["sku"] = "cookie-box-12", null, "properties.supplies[0].sku"),
        ["sku listed twice"] = (tree => Step(tree, "properties")["supplies"]!.AsArray().Add(JsonNode.Parse("""{ "sku": "COOKIE-BOX-12", "quantity": 1 }""")), null, "properties.supplies[1].sku"),
        ["zero quantity"] = (tree => Step(tree, "properties/supplies/0")["quantity"] = 0, null, "properties.supplies[0].quantity"),
        ["skill that is not a code"] = (tree => Step(tree, "properties")["skill"] = "Cookie Delivery", null, "properties.skill"),
        ["sampling above 100"] = (tree => Step(tree, "properties")["qualitySamplingPercent"] = 101, null, "properties.qualitySamplingPercent"),
        ["refund above 100"] = (tree => Step(tree, "properties")["qualityRefundPercent"] = 101, null, "properties.qualityRefundPercent"),
        ["refund with a fraction"] = (tree => Step(tree, "properties")["qualityRefundPercent"] = 50.5m, null, "properties.qualityRefundPercent"),
        ["payout kept below 0"] = (tree => Step(tree, "properties")["qualityPayoutPercent"] = -1, null, "properties.qualityPayoutPercent"),
        ["payout kept with a fraction"] = (tree => Step(tree, "properties")["qualityPayoutPercent"] = 12.5m, null, "properties.qualityPayoutPercent"),
        ["offer deadline as long as matching"] = (tree => Step(tree, "properties")["offerDeadline"] = "PT4H", null, "properties.offerDeadline"),
        ["matching deadline over 7 days"] = (tree => Step(tree, "properties")["matchingDeadline"] = "P8D", null, "properties.matchingDeadline"),
        ["misspelt set property"] = (tree => Step(tree, "properties")["basprice"] = 45, null, "properties.basprice"),

        // The price rules.
        ["surcharge with an unknown rule"] = (tree => Step(tree, "properties/surcharges/0")["rule"] = "holiday", null, "properties.surcharges[0].rule"),
        ["short notice without noticeUnder"] = (tree => Step(tree, "properties/surcharges/0").Remove("noticeUnder"), null, "properties.surcharges[0].noticeUnder"),
        ["noticeUnder on a weekend surcharge"] = (tree => Step(tree, "properties/surcharges/1")["noticeUnder"] = "PT1H", null, "properties.surcharges[1].noticeUnder"),
        ["percent without rounding"] = (tree => Step(tree, "properties/surcharges/0").Remove("rounding"), null, "properties.surcharges[0].rounding"),
        ["unknown rounding"] = (tree => Step(tree, "properties/surcharges/0")["rounding"] = "bankers", null, "properties.surcharges[0].rounding"),
        ["rounding on a fixed amount"] = (tree => Step(tree, "properties/surcharges/1")["rounding"] = "halfUp", null, "properties.surcharges[1].rounding"),
        ["both percent and amount"] = (tree => Step(tree, "properties/surcharges/0")["amount"] = 5, null, "properties.surcharges[0].percent"),
        ["neither percent nor amount"] = (tree => Step(tree, "properties/surcharges/1").Remove("amount"), null, "properties.surcharges[1].percent"),
        ["percent with five decimals"] = (tree => Step(tree, "properties/surcharges/0")["percent"] = 12.34567m, null, "properties.surcharges[0].percent"),
        ["zero percent"] = (tree => Step(tree, "properties/surcharges/0")["percent"] = 0, null, "properties.surcharges[0].percent"),
        ["fixed amount with a fraction of a cent"] = (tree => Step(tree, "properties/surcharges/1")["amount"] = 10.001m, null, "properties.surcharges[1].amount"),
        ["duplicate surcharge id"] = (tree => Step(tree, "properties/surcharges/1")["id"] = "short-notice", null, "properties.surcharges[1].id"),
    };

    public static TheoryData<string> InvalidCases() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public async Task Publish_OfAnInvalidServiceType_Answers400NamingTheStepAndPublishesNothing(string name)
    {
        var (breakTree, stepId, path) = Cases[name];
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("invalid");
        var tree = ServiceTypeTrees.Valid();
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
    public async Task Publish_OfATreeWithSeveralProblems_ListsEveryOneWithItsStep()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("invalid");
        var tree = ServiceTypeTrees.Valid();
        Step(tree, "properties")["currency"] = "XYZ";
        Step(tree, "sequence/3/properties")["radiusMeters"] = 0;
        Step(tree, "sequence/5/properties")["photoReportStepId"] = "nowhere";
        Step(tree, "sequence/5/branches/Fail/0")["type"] = "nap";

        using var response = await api.PublishAsync(code, (await api.CreateAsync(code, tree)).Revision);
        var problems = (await DefinitionApi.ProblemAsync(response)).GetProperty("problems").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([null, "arrive", "cool-down", "review"], problems.Select(StepIdOf).Distinct().Order());
        Assert.All(problems, found => Assert.False(string.IsNullOrWhiteSpace(found.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Publish_OfAFlowWithoutSupplies_IsValidWithoutPickAndHandover()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("no-supplies");
        var tree = ServiceTypeTrees.Valid();
        Step(tree, "properties")["supplies"] = new JsonArray();
        Remove(tree, 2);
        Remove(tree, 0);

        var draft = await api.CreateAsync(code, tree);
        var version = await api.PublishedAsync(code, draft.Revision);

        Assert.Empty(draft.Problems);
        Assert.Equal(1, version.Version);
    }

    private static JsonObject Step(JsonObject tree, string path) => ServiceTypeTrees.Step(tree, path);

    private static void Remove(JsonObject tree, int index) => tree["sequence"]!.AsArray().RemoveAt(index);

    /// <summary>Moves the root step at <paramref name="from"/> so that it ends up at index <paramref name="to"/>.</summary>
    private static void Move(JsonObject tree, int from, int to)
    {
        var sequence = tree["sequence"]!.AsArray();
        var step = sequence[from]!;
        sequence.RemoveAt(from);
        sequence.Insert(to, step);
    }

    private static string? StepIdOf(JsonElement problem) =>
        problem.GetProperty("stepId").ValueKind == JsonValueKind.Null ? null : problem.GetProperty("stepId").GetString();

    private async Task<DefinitionApi> ManagerApiAsync() =>
        DefinitionApi.ServiceTypes(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));

    private async Task<int> CountEventsAsync(string code)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManagementDbContext>().Events.CountAsync(recorded => recorded.StreamId == $"service-type/{code}");
    }
}
