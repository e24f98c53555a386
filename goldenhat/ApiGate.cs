using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HelperPlatform.GoldenHat;

/// <summary>
/// What stands in front of the <c>/v1</c> API: the outage and failure switches (as a failing gateway would
/// answer, so nothing behind it runs or is stored), the slow-answer delay, the withheld answers of the
/// time-out switch, and the API key.
/// </summary>
internal static class ApiGate
{
    /// <summary>How long a timed-out answer is withheld at most; callers give up long before.</summary>
    private static readonly TimeSpan WithheldFor = TimeSpan.FromMinutes(2);

    public static void Use(WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal), api => api.Use(GateAsync));
    }

    private static async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        var behaviour = context.RequestServices.GetRequiredService<SimulatorBehaviour>();
        var options = context.RequestServices.GetRequiredService<GoldenHatOptions>();
        switch (behaviour.Outage)
        {
            case Outages.RefuseConnections:
                context.Abort();
                return;
            case Outages.Unavailable:
                context.Response.Headers.RetryAfter = "5";
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorTypes.Api, "service_unavailable", "Golden Hat is unavailable; try again later.");
                return;
        }

        if (behaviour.TakeFailure())
        {
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, ErrorTypes.Api, "internal_error", "Golden Hat failed; retry with the same idempotency key.");
            return;
        }

        if (!context.Request.Headers.ContainsKey(GoldenHatHeaders.IdempotencyKey))
        {
            // An idempotent request is slow while it holds its key instead (ApiEndpoints.RunIdempotentAsync).
            await Task.Delay(behaviour.ResponseDelay, options.TimeProvider, context.RequestAborted);
        }

        if (!HasApiKey(context.Request, options.ApiKey))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, ErrorTypes.Authentication, "invalid_api_key", "Send the API key as 'Authorization: Bearer <key>'.");
            return;
        }

        if (!behaviour.TakeTimeout())
        {
            await next(context);
            return;
        }

        // Processed and stored as usual, but the caller never hears the answer: it must retry with the same key.
        var realBody = context.Response.Body;
        context.Response.Body = new MemoryStream();
        await next(context);
        try
        {
            await Task.Delay(WithheldFor, options.TimeProvider, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The caller gave up, as it was meant to.
        }

        context.Response.Body.Position = 0;
        await context.Response.Body.CopyToAsync(realBody, context.RequestAborted);
    }

    private static bool HasApiKey(HttpRequest request, string apiKey)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var sent = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(sent, Encoding.UTF8.GetBytes(apiKey));
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string type, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new ErrorAnswer(new ErrorDetail(type, code, message)), JsonSerializerOptions.Web), context.RequestAborted);
    }
}
