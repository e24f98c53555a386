using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Warehouse;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>A client that lost the answer to a confirmation and sends it again gets the same answer, not a 404.</summary>
public sealed class RepeatedConfirmationEndpointTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task Assembled_SentAgainAfterThePickClosed_AnswersTheSameKit()
    {
        var (client, order, _) = await flow.OrderAsync(stock: 2);
        using var warehouse = await fixture.Host.CreateClientAsync(PlatformRoles.Warehouse);
        await flow.WaitForPickStageAsync(order.Id, PickStage.ReadyToAssemble);

        using var first = await warehouse.PostAsync($"/api/warehouse/picks/{order.Id}/assembled", null);
        await flow.WaitForPickStageAsync(order.Id, PickStage.Assembled);
        using var repeated = await warehouse.PostAsync($"/api/warehouse/picks/{order.Id}/assembled", null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, repeated.StatusCode));
        Assert.Equal(await first.Content.ReadFromJsonAsync<KitAssembled>(), await repeated.Content.ReadFromJsonAsync<KitAssembled>());
        client.Dispose();
    }
}
