using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Warehouse;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>Issuing a kit (docs/warehouse.md): only at the hand-over; before it, a 409 that names the pick's stage.</summary>
public sealed class HandOverTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Issued_BeforeAWorkerIsAssigned_Answers409NamingThePicksStage()
    {
        var (client, order, _) = await flow.OrderAsync();
        using var warehouse = await fixture.Host.CreateClientAsync(PlatformRoles.Warehouse);
        await flow.WaitForPickStageAsync(order.Id, PickStage.ReadyToAssemble);

        using var beforeAssembly = await warehouse.PostAsync($"/api/warehouse/picks/{order.Id}/issued", null);
        await flow.AssembleAsync(order.Id);
        await flow.WaitForPickStageAsync(order.Id, PickStage.Assembled);
        using var beforeMatching = await warehouse.PostAsync($"/api/warehouse/picks/{order.Id}/issued", null);
        using var unknown = await warehouse.PostAsync($"/api/warehouse/picks/{Guid.NewGuid()}/issued", null);

        foreach (var (refused, stage) in new[] { (beforeAssembly, PickStage.ReadyToAssemble), (beforeMatching, PickStage.Assembled) })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(stage.ToString(), problem.GetProperty("stage").GetString());
            Assert.Contains($"at stage {stage}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        client.Dispose();
    }
}
