using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>Without a configured contractor the host runs the simulator in-process, and the purchase works end to end.</summary>
public sealed class EmbeddedContractorTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Host_WithoutAContractorUrl_BuysFromTheInProcessSimulator()
    {
        await fixture.Host.WaitUntilReadyAsync();
        var connection = fixture.Host.Services.GetRequiredService<ContractorConnection>();
        var request = new PurchaseOrderRequest(Guid.NewGuid(), WarehouseBooks.UniqueSku(), 4);

        var delivery = await WarehouseBooks.PurchaseAsync(fixture.Host, request);
        var endpoint = await connection.GetAsync(CancellationToken.None);

        Assert.True(connection.UsesEmbeddedSimulator);
        Assert.Equal(fixture.Host.Address.Port, endpoint.CallbackUrl.Port);
        Assert.NotNull(delivery);
        Assert.Equal(4, await WarehouseBooks.OnHandAsync(fixture.Host, request.Sku));
    }
}
