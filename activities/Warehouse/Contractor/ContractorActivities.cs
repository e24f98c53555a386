using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Warehouse.Contractor;

/// <summary>Purchase orders to the cookie contractor.</summary>
public sealed class ContractorActivities(WarehouseDbContext db, CookieContractorClient contractor, TimeProvider time) : IContractorActivities
{
    /// <summary>
    /// Records the purchase order, then sends it. Both steps are idempotent by the order id (the row is kept
    /// once, the contractor accepts an id once), so a retry after any failure is safe.
    /// </summary>
    [Activity]
    public async Task<PurchaseOrderPlaced> PlaceContractorOrderAsync(PurchaseOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await RecordAsync(request, cancellationToken);
        PurchaseOrderPlaced placed;
        try
        {
            placed = await contractor.PlaceOrderAsync(request, cancellationToken);
        }
        catch (ContractorRejectedException e)
        {
            throw new ApplicationFailureException(e.Message, e, IContractorActivities.RejectedErrorType, nonRetryable: true);
        }

        await db.PurchaseOrders
            .Where(order => order.Id == request.PurchaseOrderId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(order => order.ExpectedDeliveryAt, placed.ExpectedDeliveryAt), cancellationToken);
        return placed;
    }

    private async Task RecordAsync(PurchaseOrderRequest request, CancellationToken cancellationToken)
    {
        db.PurchaseOrders.Add(new PurchaseOrder
        {
            Id = request.PurchaseOrderId,
            Sku = request.Sku,
            Quantity = request.Quantity,
            Status = PurchaseOrderStatus.Placed,
            PlacedAt = time.GetUtcNow(),
        });
        // When an earlier attempt recorded it, it may or may not have reached the contractor, so it is sent again.
        await db.SaveOnceAsync(cancellationToken);
    }
}
