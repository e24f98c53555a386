using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Management;
using HelperPlatform.Tests.Onboarding;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// Live counts per step of a definition version, from the read models: running orders of a service type version at
/// each step, onboardings taking a test set version at each test.
/// </summary>
public sealed class StepCountsTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task ServiceTypeVersion_CountsRunningOrdersAtEachStep_AndLeavesOutClosedOnes()
    {
        var sku = OrderFlow.UniqueSku();
        await flow.StockAsync(sku, 10);
        var code = await flow.PublishAsync(OrderFlow.Tree(sku, samplingPercent: 0));
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        var picking = await PlaceAsync(client, code, 2);
        var matching = (await PlaceAsync(client, code, 1))[0];
        var cancelled = (await PlaceAsync(client, code, 1))[0];
        // Nobody holds the service type's skill: once assembled, the order waits at matching.
        await flow.AssembleAsync(matching);
        await flow.WaitForAsync(matching, order => order.CurrentStep == "match", "matching");
        using (var cancel = await client.Http.PostAsJsonAsync($"/api/orders/{cancelled}/cancel", new { reason = "Plans changed." }))
        {
            Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        }

        await flow.WaitForStatusAsync(cancelled, OrderStatus.Cancelled);
        foreach (var order in picking)
        {
            await flow.WaitForAsync(order, placed => placed.CurrentStep == "pick", "picking");
        }

        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var counts = await manager.GetFromJsonAsync<StepCountsResponse>($"/api/service-types/{code}/versions/1/step-counts");
        var none = await manager.GetFromJsonAsync<StepCountsResponse>($"/api/service-types/{code}/versions/2/step-counts");

        Assert.Equal((code, 1, 3), (counts!.Code, counts.Version, counts.Total));
        Assert.Equal([new StepCount("pick", 2), new StepCount("match", 1)], counts.Steps);
        Assert.Equal((0, 0), (none!.Total, none.Steps.Count));
    }

    [Fact]
    public async Task TestSetVersion_CountsOnboardingsAtEachTest()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        var code = await api.PublishAsync(OnboardingTrees.Full(skill));
        await api.CandidateTakingTestsAsync(skill);
        var graded = await api.CandidateTakingTestsAsync(skill);
        await OnboardingApi.SubmittedAsync(graded, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        await OnboardingApi.CurrentTestAsync(graded, test => test.StepId == "delivery-practice");

        var counts = await api.Manager.GetFromJsonAsync<StepCountsResponse>($"/api/test-sets/{code}/versions/1/step-counts");

        Assert.Equal(2, counts!.Total);
        Assert.Equal([new StepCount("basics-quiz", 1), new StepCount("delivery-practice", 1)], counts.Steps);
    }

    [Theory]
    [InlineData("/api/service-types/Not_A_Code/versions/1/step-counts", "code")]
    [InlineData("/api/test-sets/cookie-basics/versions/0/step-counts", "version")]
    public async Task ABadCodeOrVersion_IsA400NamingTheField(string path, string field)
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.GetAsync(path);
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task NonManagers_AreRefused()
    {
        using var worker = await fixture.Host.CreateClientAsync(PlatformRoles.Worker);

        using var response = await worker.GetAsync("/api/service-types/office-cookies/versions/1/step-counts");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<List<Guid>> PlaceAsync(Party client, string code, int count)
    {
        var orders = new List<Guid>();
        for (var index = 0; index < count; index++)
        {
            orders.Add((await OrderFlow.PlaceAsync(client.Http, (await OrderFlow.QuoteAsync(client.Http, code)).Id)).Id);
        }

        return orders;
    }
}
