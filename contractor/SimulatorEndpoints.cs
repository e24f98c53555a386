using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Contractor;

/// <summary>The supplier's API: purchase orders for the buyer, behaviour switches for whoever runs the simulation.</summary>
internal static class SimulatorEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/purchase-orders", PlaceAsync);
        app.MapGet("/purchase-orders/{id:guid}", Get);
        app.MapPost("/simulator/forget-orders", (PurchaseOrderBook book) =>
        {
            book.ForgetAll();
            return TypedResults.NoContent();
        });
        app.MapGet("/simulator/behaviour", (SimulatorBehaviour behaviour) => TypedResults.Ok(behaviour.Current()));
        app.MapPut("/simulator/behaviour", (BehaviourChange change, SimulatorBehaviour behaviour) =>
        {
            behaviour.Apply(change);
            return TypedResults.Ok(behaviour.Current());
        });
    }

    /// <summary>Accepts an order once per purchase order id; a repeat is answered as the first was and delivered once.</summary>
    private static async Task<Results<Accepted<PurchaseOrderAccepted>, ProblemHttpResult>> PlaceAsync(
        PurchaseOrder order, SimulatorBehaviour behaviour, PurchaseOrderBook book, DeliveryDispatcher dispatcher, TimeProvider time, CancellationToken cancellationToken)
    {
        await Task.Delay(behaviour.ResponseDelay, time, cancellationToken);
        if (behaviour.TakeFailure())
        {
            return TypedResults.Problem("The order system is down; try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (order.Quantity <= 0 || string.IsNullOrWhiteSpace(order.Sku) || !order.CallbackUrl.IsAbsoluteUri)
        {
            return TypedResults.Problem("An order needs a SKU, a positive quantity and an absolute callback URL.", statusCode: StatusCodes.Status400BadRequest);
        }

        var (accepted, isNew) = book.Accept(order, time.GetUtcNow() + behaviour.DeliveryDelay);
        if (isNew)
        {
            dispatcher.Schedule(accepted);
        }

        return TypedResults.Accepted(
            $"/purchase-orders/{order.PurchaseOrderId}",
            new PurchaseOrderAccepted(order.PurchaseOrderId, PurchaseOrderState.Accepted, accepted.ExpectedDeliveryAt));
    }

    /// <summary>The order's state, or 404 when the supplier does not know it (never placed, or forgotten).</summary>
    private static Results<Ok<PurchaseOrderState>, NotFound> Get(Guid id, PurchaseOrderBook book) =>
        book.Find(id) is { } order ? TypedResults.Ok(order.State()) : TypedResults.NotFound();
}
