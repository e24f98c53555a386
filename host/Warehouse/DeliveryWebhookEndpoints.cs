using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Warehouse;

/// <summary>
/// The cookie contractor's delivery callback. It has no platform account, so it proves itself with the
/// webhook signature instead; the endpoint is anonymous to the platform's identity and closed to everyone else.
/// </summary>
public static class DeliveryWebhookEndpoints
{
    public const string Path = "/api/warehouse/contractor/deliveries";
    private static readonly WebhookHeaders Headers = new("X-Contractor-Timestamp", "X-Contractor-Signature");

    public static IEndpointRouteBuilder MapDeliveryWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().WithTags("Warehouse")
            .WithSummary("Delivery callback of the cookie contractor, signed with HMAC-SHA256 (the contractor).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>
    /// Verifies, books the delivery once and wakes the waiting purchase workflow. A repeat is answered 200 and
    /// changes nothing but re-sends the (idempotent) signal, so a callback whose first signal failed still arrives.
    /// </summary>
    private static async Task<Results<Ok<DeliveryReceipt>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        ContractorConnection connection,
        IOptions<ContractorSettings> settings,
        DeliveryInbox inbox,
        TemporalClientProvider temporal,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(DeliveryWebhookEndpoints));
        var endpoint = await connection.GetAsync(cancellationToken);
        if (await WebhookVerifier.ReadVerifiedBodyAsync(request, Headers, endpoint.WebhookSecret, time.GetUtcNow(), settings.Value.WebhookTolerance, logger, cancellationToken) is not { } body)
        {
            return WebhookVerifier.Unauthorized();
        }

        if (ReadNotice(body) is not { } notice)
        {
            return TypedResults.Problem("The body is not a delivery notice.", statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read.");
        }

        var outcome = await inbox.RecordAsync(notice, cancellationToken);
        switch (outcome)
        {
            case DeliveryOutcome.UnknownOrder:
                return TypedResults.Problem($"There is no purchase order '{notice.PurchaseOrderId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            case DeliveryOutcome.Mismatch:
                logger.LogError("Delivery {DeliveryId} does not match purchase order {PurchaseOrderId}", notice.DeliveryId, notice.PurchaseOrderId);
                return TypedResults.Problem("The delivery does not match the purchase order.", statusCode: StatusCodes.Status409Conflict, title: "Delivery mismatch");
        }

        try
        {
            var client = await temporal.GetClientAsync(cancellationToken);
            await client.GetWorkflowHandle<CookiePurchaseWorkflow>(CookiePurchaseWorkflow.WorkflowId(notice.PurchaseOrderId))
                .SignalAsync(workflow => workflow.DeliveredAsync(notice));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // Nothing waits for this order (it was placed outside a purchase workflow): the books are the record.
            logger.LogInformation("No purchase workflow waits for {PurchaseOrderId}", notice.PurchaseOrderId);
        }
        catch (TemporalException e)
        {
            // The delivery is booked; answering 503 makes the contractor call again, and the repeat re-sends the signal.
            logger.LogWarning(e, "Could not signal the purchase workflow of {PurchaseOrderId}", notice.PurchaseOrderId);
            return ServiceUnavailableAnswer.Problem(request.HttpContext.Response, "Temporal", "The delivery is recorded but could not be passed on; call again.");
        }

        return TypedResults.Ok(new DeliveryReceipt(notice.PurchaseOrderId, outcome == DeliveryOutcome.Stocked ? "stocked" : "already-delivered"));
    }

    private static ContractorDelivery? ReadNotice(string body)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ContractorDelivery>(body, System.Text.Json.JsonSerializerOptions.Web) is
            { PurchaseOrderId: var id, Sku: not null, Quantity: > 0 } notice && id != Guid.Empty
                ? notice
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
