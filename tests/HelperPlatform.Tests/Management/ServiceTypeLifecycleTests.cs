using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Activities.Management.ServiceTypes;
using HelperPlatform.Host.Management;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Management;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// Service types on the shared versioned-definition mechanism: the manager API under /api/service-types,
/// immutable versions, the seed event, and the typed terms other contexts receive.
/// </summary>
public sealed class ServiceTypeLifecycleTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Publish_TheDocumentedExample_CreatesVersion1AndJournalsServiceTypeDefined()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("office-cookies");
        var tree = ServiceTypeTrees.Valid();

        var draft = await api.CreateAsync(code, tree, name: "Office cookies");
        var version = await api.PublishedAsync(code, draft.Revision);

        Assert.Empty(draft.Problems);
        Assert.Equal(1, version.Version);
        Assert.Equal("Office cookies", version.Name);
        Assert.Equal("manager@staff.test", version.PublishedBy);
        Assert.True(JsonNode.DeepEquals(tree, JsonNode.Parse(version.Definition.GetRawText())), "the version is not the draft's tree");
        Assert.Equal(1, await CountEventsAsync(code, "ServiceTypeDefined"));
    }

    [Fact]
    public async Task Publish_Again_CreatesVersion2AndLeavesVersion1AsItWas()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("office-cookies");
        var tree = ServiceTypeTrees.Valid();
        var draft = await api.CreateAsync(code, tree);
        await api.PublishedAsync(code, draft.Revision);
        var version1 = await api.Client.GetStringAsync($"/api/service-types/{code}/versions/1");

        ServiceTypeTrees.Step(tree, "properties")["basePrice"] = 49.90m;
        using var updated = await api.UpdateAsync(code, draft.Revision, tree);
        var version2 = await api.PublishedAsync(code, draft.Revision + 1);
        var versions = await api.Client.GetFromJsonAsync<VersionSummaryResponse[]>($"/api/service-types/{code}/versions");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(49.90m, version2.Definition.GetProperty("properties").GetProperty("basePrice").GetDecimal());
        Assert.Equal(version1, await api.Client.GetStringAsync($"/api/service-types/{code}/versions/1"));
        Assert.Contains("\"basePrice\":45.00", version1, StringComparison.Ordinal);
        Assert.Equal([1, 2], versions!.Select(version => version.Version));
    }

    [Fact]
    public async Task FindPublished_GivesTheLatestVersionWithExactTypedTerms()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("office-cookies");
        var tree = ServiceTypeTrees.Valid();
        var draft = await api.CreateAsync(code, tree, name: "Office cookies");
        var beforePublishing = await FindAsync(code);
        await api.PublishedAsync(code, draft.Revision);
        ServiceTypeTrees.Step(tree, "properties")["workerPayout"] = 31.50m;
        using var edited = await api.UpdateAsync(code, draft.Revision, tree, name: "Office cookies");

        var published = await FindAsync(code);

        Assert.Null(beforePublishing);
        Assert.Null(await FindAsync(TestSetTrees.UniqueCode("nothing")));
        Assert.Null(await FindAsync("Not A Code"));
        Assert.NotNull(published);
        Assert.Equal((code, 1, "Office cookies"), (published.Code, published.Version, published.Name));
        var terms = published.Terms;
        Assert.Equal(("EUR", 45.00m, 30.00m), (terms.Currency, terms.BasePrice, terms.WorkerPayout));
        Assert.Equal(
            [
                new Surcharge("short-notice", SurchargeRule.ShortNotice, TimeSpan.FromHours(24), 12.5m, RoundingRule.HalfUp, null),
                new Surcharge("weekend", SurchargeRule.Weekend, null, null, null, 10.00m),
            ],
            terms.Surcharges);
        Assert.Equal([new SupplyLine("COOKIE-BOX-12", 2)], terms.Supplies);
        Assert.Equal(("Europe/Berlin", "cookie-delivery", 10), (terms.TimeZone, terms.Skill, terms.QualitySamplingPercent));
        Assert.Equal((TimeSpan.FromHours(4), TimeSpan.FromMinutes(15)), (terms.MatchingDeadline, terms.OfferDeadline));
        // Not in the tree: a failed quality check refunds everything.
        Assert.Equal(100, terms.QualityRefundPercent);
        Assert.Equal(100, terms.QualityPayoutPercent);
        Assert.Equal("review", JsonNode.Parse(published.DefinitionJson)!["sequence"]![5]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServiceTypesAndTestSets_WithTheSameCode_AreSeparateDefinitions()
    {
        var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var serviceTypes = DefinitionApi.ServiceTypes(fixture.Host, manager);
        var testSets = DefinitionApi.TestSets(fixture.Host, manager);
        var code = TestSetTrees.UniqueCode("shared");

        await serviceTypes.CreateAsync(code, ServiceTypeTrees.Valid(), name: "The service");
        await testSets.CreateAsync(code, TestSetTrees.Valid(TestSetTrees.UniqueCode("skill")), name: "The test set");
        var listedServiceTypes = (await manager.GetFromJsonAsync<DefinitionSummaryResponse[]>("/api/service-types"))!;
        var listedTestSets = (await manager.GetFromJsonAsync<DefinitionSummaryResponse[]>("/api/test-sets"))!;

        Assert.Equal("The service", (await serviceTypes.DraftAsync(code)).Name);
        Assert.Equal("The test set", (await testSets.DraftAsync(code)).Name);
        Assert.Equal("The service", listedServiceTypes.Single(summary => summary.Code == code).Name);
        Assert.Equal("The test set", listedTestSets.Single(summary => summary.Code == code).Name);
    }

    [Fact]
    public async Task Create_WithoutDefinition_StartsAnEmptyDraftThatListsWhatIsMissing()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("empty");

        using var response = await api.Client.PostAsJsonAsync("/api/service-types", new { code, name = "Not started yet" });
        var draft = (await response.Content.ReadFromJsonAsync<DraftResponse>())!;
        using var published = await api.PublishAsync(code, draft.Revision);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/service-types/{code}/draft", response.Headers.Location?.OriginalString);
        Assert.Equal(
            [
                "definition.properties.basePrice", "definition.properties.currency", "definition.properties.description",
                "definition.properties.matchingDeadline", "definition.properties.offerDeadline", "definition.properties.qualitySamplingPercent",
                "definition.properties.skill", "definition.properties.supplies", "definition.properties.surcharges",
                "definition.properties.timeZone", "definition.properties.workerPayout", "definition.sequence",
            ],
            draft.Problems.Select(problem => problem.Path).Distinct().Order());
        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Equal(0, await api.StoredVersionCountAsync(code));
    }

    [Fact]
    public async Task UpdateDraft_WithStaleRevision_Answers409AndKeepsTheNewerDraft()
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("office-cookies");
        var tree = ServiceTypeTrees.Valid();
        var created = await api.CreateAsync(code, tree);
        ServiceTypeTrees.Step(tree, "properties")["basePrice"] = 50;
        using var first = await api.UpdateAsync(code, created.Revision, tree);

        ServiceTypeTrees.Step(tree, "properties")["basePrice"] = 40;
        using var second = await api.UpdateAsync(code, created.Revision, tree);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(2, (await DefinitionApi.ProblemAsync(second)).GetProperty("currentRevision").GetInt32());
        Assert.Equal(50, (await api.DraftAsync(code)).Definition.GetProperty("properties").GetProperty("basePrice").GetDecimal());
    }

    [Theory]
    [InlineData(PlatformRoles.Candidate)]
    [InlineData(PlatformRoles.Client)]
    [InlineData(PlatformRoles.Worker)]
    [InlineData(PlatformRoles.Warehouse)]
    [InlineData(PlatformRoles.Ops)]
    public async Task PricesAndPayouts_ForEveryRoleButManager_AreRefused(string role)
    {
        var api = await ManagerApiAsync();
        var code = TestSetTrees.UniqueCode("secret");
        var draft = await api.CreateAsync(code, ServiceTypeTrees.Valid());
        await api.PublishedAsync(code, draft.Revision);
        using var other = await fixture.Host.CreateClientAsync(role);

        foreach (var path in new[] { "/api/service-types", $"/api/service-types/{code}/draft", $"/api/service-types/{code}/versions/1", $"/api/service-types/{code}/versions/latest" })
        {
            using var response = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("workerPayout", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var update = await other.PutAsJsonAsync($"/api/service-types/{code}/draft", new { revision = 1, name = "Cheap", definition = ServiceTypeTrees.Valid() });
        using var publish = await other.PostAsJsonAsync($"/api/service-types/{code}/publish", new { revision = 1 });
        using var create = await other.PostAsJsonAsync("/api/service-types", new { code = TestSetTrees.UniqueCode("mine"), name = "Mine" });
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [update.StatusCode, publish.StatusCode, create.StatusCode]);
        Assert.Equal(1, await api.StoredVersionCountAsync(code));
        Assert.Equal(1, (await api.DraftAsync(code)).Revision);
    }

    [Fact]
    public async Task Host_WithoutManagement_DoesNotServeServiceTypes()
    {
        await using var host = await PlatformHost.StartAsync("Platform:Contexts=Ordering");
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.GetAsync("/api/service-types");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<DefinitionApi> ManagerApiAsync() =>
        DefinitionApi.ServiceTypes(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));

    private async Task<PublishedServiceType?> FindAsync(string code)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<ServiceTypeActivities>();
        return await new ActivityEnvironment().RunAsync(() => activities.FindPublishedServiceTypeAsync(code));
    }

    private async Task<int> CountEventsAsync(string code, string type)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManagementDbContext>().Events
            .CountAsync(recorded => recorded.StreamId == $"service-type/{code}" && recorded.Type == type);
    }
}
