using Microsoft.AspNetCore.Http;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// Answers calls to services the dev server does not serve at all (say gRPC health checks) with gRPC UNIMPLEMENTED
/// naming the method, instead of the anonymous answer the gRPC framework would give.
/// </summary>
internal static class UnknownMethodResponder
{
    private const string UnimplementedStatusCode = "12";

    public static Task RespondAsync(HttpContext context)
    {
        // A trailers-only gRPC answer: the status travels in the headers and there is no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = UnimplementedStatusCode;
        context.Response.Headers["grpc-message"] =
            Uri.EscapeDataString($"Method {context.Request.Path.Value?.TrimStart('/')} is not implemented by the HelperPlatform dev server.");
        return Task.CompletedTask;
    }
}
