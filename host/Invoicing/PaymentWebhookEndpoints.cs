using System.Text.Json;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// Golden Hat's webhooks. Golden Hat has no platform account, so it proves itself with the signature instead;
/// the endpoint is anonymous to the platform's identity and closed to everyone else. A verified event becomes a
/// <see cref="PaymentOutcome"/> signalled to the workflow its payment's reference names.
/// </summary>
public static class PaymentWebhookEndpoints
{
    public const string Path = "/api/invoicing/golden-hat/webhooks";
    private static readonly WebhookHeaders Headers = new("GoldenHat-Timestamp", "GoldenHat-Signature");

    /// <summary>How long a webhook waits for Temporal before it is answered 503 (Golden Hat sends it again).</summary>
    private static readonly TimeSpan TemporalBudget = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapPaymentWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().WithTags("Invoicing")
            .WithSummary("Charge, refund and payout outcomes from Golden Hat, signed with HMAC-SHA256 (Golden Hat).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>
    /// Verifies and signals. Duplicates and reordered events are signalled as they come: the waiting workflow
    /// takes the outcomes it needs (signals are idempotent to it). An event for no running workflow is
    /// acknowledged and logged, since sending it again would change nothing.
    /// </summary>
    private static async Task<Results<Ok<PaymentWebhookReceipt>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        GoldenHatConnection connection,
        IOptions<GoldenHatSettings> settings,
        TemporalClientProvider temporal,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PaymentWebhookEndpoints));
        var endpoint = await connection.GetAsync(cancellationToken);
        if (await WebhookVerifier.ReadVerifiedBodyAsync(request, Headers, endpoint.WebhookSecret, time.GetUtcNow(), settings.Value.WebhookTolerance, logger, cancellationToken) is not { } body)
        {
            return WebhookVerifier.Unauthorized();
        }

        if (ReadEvent(body) is not { } received)
        {
            logger.LogWarning("A signed Golden Hat webhook is not a payment event: {Body}", body);
            return TypedResults.Problem("The body is not a Golden Hat payment event.", statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read.");
        }

        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(TemporalBudget);
            var client = await temporal.GetClientAsync(budget.Token);
            await client.GetWorkflowHandle(received.Reference).SignalAsync(
                PaymentSignal.Name, [received.Outcome], new WorkflowSignalOptions { Rpc = new RpcOptions { CancellationToken = budget.Token, Timeout = TemporalBudget } });
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            logger.LogWarning(
                "Golden Hat event {EventId} ({Type}) names workflow {Reference}, which does not exist or has closed; acknowledged",
                received.EventId, received.Type, received.Reference);
            return TypedResults.Ok(new PaymentWebhookReceipt(received.EventId, PaymentWebhookReceipt.NoWorkflow));
        }
        catch (Exception e) when (e is TemporalException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not signal {Reference} with Golden Hat event {EventId}; asking Golden Hat to send it again", received.Reference, received.EventId);
            request.HttpContext.Response.Headers.RetryAfter = ((int)InfrastructureUnavailableExceptionHandler.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem("Temporal is unavailable, so the outcome could not be passed on; send it again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again");
        }

        return TypedResults.Ok(new PaymentWebhookReceipt(received.EventId, PaymentWebhookReceipt.Signalled));
    }

    private static ReceivedEvent? ReadEvent(string body)
    {
        try
        {
            var payment = JsonSerializer.Deserialize<EventBody>(body, JsonSerializerOptions.Web);
            if (payment is not { Id: { Length: > 0 } eventId, Type: { } type, Data.Payment: { Reference: { Length: > 0 } reference, Id: { Length: > 0 } id, Currency: { Length: > 0 } currency } paid })
            {
                return null;
            }

            PaymentStatus? status = type switch
            {
                "charge.succeeded" or "refund.succeeded" or "payout.paid" => PaymentStatus.Succeeded,
                "charge.failed" or "refund.failed" or "payout.failed" => PaymentStatus.Failed,
                _ => null,
            };
            var kind = type.Split('.')[0] switch
            {
                "refund" => PaymentKind.Refund,
                "payout" => PaymentKind.Payout,
                _ => PaymentKind.Charge,
            };
            return status is { } decided
                ? new ReceivedEvent(eventId, type, reference, new PaymentOutcome(
                    kind, id, kind == PaymentKind.Refund ? paid.Charge : null, decided, currency, paid.Amount, paid.Fee ?? 0m, paid.FailureCode, paid.FailureMessage))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ReceivedEvent(string EventId, string Type, string Reference, PaymentOutcome Outcome);

    private sealed record EventBody(string? Id, string? Type, EventData? Data);

    private sealed record EventData(EventPayment? Payment);

    private sealed record EventPayment(string? Id, string? Charge, string? Currency, decimal Amount, decimal? Fee, string? Reference, string? FailureCode, string? FailureMessage);
}

/// <param name="Outcome"><see cref="Signalled"/>, or <see cref="NoWorkflow"/> when nothing waits for the payment.</param>
public sealed record PaymentWebhookReceipt(string EventId, string Outcome)
{
    public const string Signalled = "signalled";
    public const string NoWorkflow = "no-workflow";
}
