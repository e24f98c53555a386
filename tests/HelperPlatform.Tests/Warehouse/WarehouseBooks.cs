using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>Runs cookie purchases on a host and reads the warehouse schema behind its back.</summary>
internal static class WarehouseBooks
{
    /// <summary>Every test buys its own SKU, so stock counts never mix between tests.</summary>
    public static string UniqueSku() => $"COOKIE-{Guid.NewGuid():N}".ToUpperInvariant();

    public static async Task<ContractorDelivery?> PurchaseAsync(PlatformHost host, PurchaseOrderRequest request)
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address));
        return await client.ExecuteWorkflowAsync(
            (CookiePurchaseWorkflow workflow) => workflow.RunAsync(request),
            new WorkflowOptions(CookiePurchaseWorkflow.WorkflowId(request.PurchaseOrderId), BoundedContext.Warehouse.TaskQueue())
            {
                ExecutionTimeout = TimeSpan.FromMinutes(1),
            });
    }

    public static async Task<PurchaseOrder?> PurchaseOrderAsync(PlatformHost host, Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().PurchaseOrders.AsNoTracking().SingleOrDefaultAsync(order => order.Id == id);
    }

    public static async Task<int> OnHandAsync(PlatformHost host, string sku)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().Stock
            .Where(item => item.Sku == sku).Select(item => item.OnHand).SingleOrDefaultAsync();
    }
}
