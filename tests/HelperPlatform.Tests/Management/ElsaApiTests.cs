using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// The Elsa API subset Studio edits through (/designer/api/…): our trees drawn as flowcharts and read back, the
/// layout kept beside the draft without new revisions, stale saves, and the flowcharts that are no tree refused
/// with the activity named.
/// </summary>
public sealed class ElsaApiTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private const string Prefix = "/designer/api/service-types/workflow-definitions";

    [Fact]
    public async Task MovingAStep_KeepsTheRevision_AndTheReloadShowsWhereItWasLeft()
    {
        var (manager, code, draftRevision) = await ServiceTypeAsync();
        var model = await LatestAsync(manager, code);
        Activity(model, "arrive")["metadata"]!["designer"]!["position"] = new JsonObject { ["x"] = 1234, ["y"] = 567 };

        using var saved = await SaveAsync(manager, model);
        var reloaded = await LatestAsync(manager, code);

        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        Assert.Equal($"{code}:r{draftRevision}", (string?)reloaded["id"]);
        Assert.Equal(1234, (int?)Activity(reloaded, "arrive")["metadata"]!["designer"]!["position"]!["x"]);
        Assert.Equal(draftRevision, (await DefinitionApi.ServiceTypes(fixture.Host, manager).DraftAsync(code)).Revision);
    }

    [Fact]
    public async Task ChangingAProperty_IsANewRevision_AndASaveFromTheOldOneIsAConflict()
    {
        var (manager, code, draftRevision) = await ServiceTypeAsync();
        var model = await LatestAsync(manager, code);
        var stale = model.DeepClone().AsObject();
        Activity(model, "arrive")["radiusMeters"] = Literal("300");

        using var saved = await SaveAsync(manager, model);
        Activity(stale, "arrive")["radiusMeters"] = Literal("400");
        using var conflict = await SaveAsync(manager, stale);
        var draft = await DefinitionApi.ServiceTypes(fixture.Host, manager).DraftAsync(code);

        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Someone saved this definition", (await DefinitionApi.ProblemAsync(conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(draftRevision + 1, draft.Revision);
        Assert.Equal(300, ServiceTypeTrees.Step(JsonNode.Parse(draft.Definition.GetRawText())!.AsObject(), "sequence/3")["properties"]!["radiusMeters"]!.GetValue<int>());
    }

    public static TheoryData<string> NoTrees() => ["cycle", "dangling", "unknown activity", "second start"];

    [Theory]
    [MemberData(nameof(NoTrees))]
    public async Task AFlowchartThatIsNoTree_IsRefusedNamingTheActivity_AndChangesNothing(string shape)
    {
        var (manager, code, draftRevision) = await ServiceTypeAsync();
        var model = await LatestAsync(manager, code);
        var activities = model["root"]!["activities"]!.AsArray();
        var connections = model["root"]!["connections"]!.AsArray();
        var (named, label) = shape switch
        {
            "cycle" => (Connect(connections, "cool-down", "Done", "match"), "Find a worker"),
            "dangling" => (Add(activities, "lonely", "HelperPlatform.wait"), "lonely"),
            "unknown activity" => (Add(activities, "script", "Elsa.RunJavaScript", connections, from: "cool-down"), "script"),
            _ => (Add(activities, "early", "HelperPlatform.wait", connections, to: "photos"), "early"),
        };

        using var refused = await SaveAsync(manager, model);
        var problem = await DefinitionApi.ProblemAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(named, out var messages), problem.ToString());
        Assert.Contains($"'{label}'", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(draftRevision, (await DefinitionApi.ServiceTypes(fixture.Host, manager).DraftAsync(code)).Revision);
    }

    [Theory]
    [InlineData("workflow-definitions/{0}/execute", "publish it")]
    [InlineData("tests/activities", "Steps are not tried on their own")]
    public async Task RunAndAnActivitysTest_AreAnsweredInWords(string path, string words)
    {
        var (manager, code, _) = await ServiceTypeAsync();

        using var run = await manager.PostAsJsonAsync($"/designer/api/service-types/{string.Format(CultureInfo.InvariantCulture, path, code)}", new { });
        var problem = await DefinitionApi.ProblemAsync(run);

        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Contains(words, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> StudioOnlySettings() => new()
    {
        { "variables", "model.variables" },
        { "usable as activity", "model.options.usableAsActivity" },
        { "incident strategy", "model.options.incidentStrategyType" },
        { "log persistence", "model.customProperties.logPersistence" },
        { "activity commit strategy", "model.root.activities[arrive].customProperties.commitStrategyName" },
    };

    [Theory]
    [MemberData(nameof(StudioOnlySettings))]
    public async Task ASaveSettingWhatOurDefinitionsDoNotHave_IsRefusedNamingTheField_AndChangesNothing(string setting, string field)
    {
        var (manager, code, draftRevision) = await ServiceTypeAsync();
        var model = await LatestAsync(manager, code);
        Activity(model, "arrive")["radiusMeters"] = Literal("300");
        switch (setting)
        {
            case "variables":
                model["variables"] = new JsonArray(new JsonObject { ["id"] = "v1", ["name"] = "Counter", ["typeName"] = "String" });
                break;
            case "usable as activity":
                model["options"]!["usableAsActivity"] = true;
                break;
            case "incident strategy":
                model["options"]!["incidentStrategyType"] = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core";
                break;
            case "log persistence":
                model["customProperties"] = new JsonObject { ["logPersistence"] = new JsonObject { ["default"] = "Exclude" } };
                break;
            default:
                Activity(model, "arrive")["customProperties"] = new JsonObject { ["commitStrategyName"] = "Executed" };
                break;
        }

        using var refused = await SaveAsync(manager, model);
        var problem = await DefinitionApi.ProblemAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.Contains("not stored", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(draftRevision, (await DefinitionApi.ServiceTypes(fixture.Host, manager).DraftAsync(code)).Revision);
    }

    private async Task<(HttpClient Manager, string Code, int Revision)> ServiceTypeAsync()
    {
        var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var code = TestSetTrees.UniqueCode("office-cookies");
        var draft = await DefinitionApi.ServiceTypes(fixture.Host, manager).CreateAsync(code, ServiceTypeTrees.Valid());
        return (manager, code, draft.Revision);
    }

    private static async Task<JsonObject> LatestAsync(HttpClient manager, string code) =>
        (await manager.GetFromJsonAsync<JsonObject>($"{Prefix}/by-definition-id/{code}?versionOptions=Latest"))!;

    private static Task<HttpResponseMessage> SaveAsync(HttpClient manager, JsonObject model) =>
        manager.PostAsJsonAsync(Prefix, new JsonObject { ["model"] = model, ["publish"] = false });

    private static JsonObject Activity(JsonObject model, string id) =>
        model["root"]!["activities"]!.AsArray().Single(activity => (string?)activity!["id"] == id)!.AsObject();

    private static JsonObject Literal(string text) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = text } };

    /// <returns>The activity the refusal must name: the target, which the flow reaches again.</returns>
    private static string Connect(JsonArray connections, string source, string port, string target)
    {
        connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        return target;
    }

    private static string Add(JsonArray activities, string id, string type, JsonArray? connections = null, string? from = null, string? to = null)
    {
        activities.Add(new JsonObject { ["id"] = id, ["name"] = id, ["type"] = type, ["metadata"] = new JsonObject() });
        if (from is not null)
        {
            Connect(connections!, from, "Done", id);
        }

        if (to is not null)
        {
            Connect(connections!, id, "Done", to);
        }

        return id;
    }
}
