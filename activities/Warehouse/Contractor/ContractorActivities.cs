using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Warehouse.Contractor;

/// <summary>Purchase orders to the cookie contractor.</summary>
public sealed class ContractorActivities(
    WarehouseDbContext db, CookieContractorClient contractor, DeliveryInbox inbox, TimeProvider time, ILogger<ContractorActivities> logger) : IContractorActivities
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
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Asks the contractor about the order. A delivery it reports is booked exactly as the webhook books one
    /// (<see cref="DeliveryInbox"/>), so whichever of the two comes second changes nothing. An order the
    /// contractor does not know is sent again with the same id, which it accepts once.
    /// </summary>
    [Activity]
    public async Task<ContractorDelivery?> CheckContractorOrderAsync(PurchaseOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var state = await contractor.FindOrderAsync(request.PurchaseOrderId, cancellationToken);
        if (!state.Known)
        {
            logger.LogWarning("The contractor does not know purchase order {PurchaseOrderId}; placing it again", request.PurchaseOrderId);
            await SendAsync(request, cancellationToken);
            return null;
        }

        if (state.Delivery is not { } delivery)
        {
            return null;
        }

        var outcome = await inbox.RecordAsync(delivery, cancellationToken);
        if (outcome is DeliveryOutcome.Stocked or DeliveryOutcome.AlreadyDelivered)
        {
            return delivery;
        }

        // As the webhook answers such a notice 409: nothing is stocked until someone looks.
        logger.LogError("The contractor reports delivery {DeliveryId} of purchase order {PurchaseOrderId}, which the books refuse: {Outcome}", delivery.DeliveryId, request.PurchaseOrderId, outcome);
        return null;
    }

    private async Task<PurchaseOrderPlaced> SendAsync(PurchaseOrderRequest request, CancellationToken cancellationToken)
    {
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
