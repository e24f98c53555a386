using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// Logs every call at debug level and every failed call at its severity, so a misbehaving client or a server bug
/// is visible without a debugger. Answers with a non-OK status are part of the protocol, not server faults.
/// </summary>
internal sealed class CallLoggingInterceptor(ILogger<CallLoggingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // Checked first: the call would build its argument array even with debug logging off.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("{Method} called", context.Method);
        }
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException exception)
        {
            logger.LogDebug("{Method} answered {Status}: {Detail}", context.Method, exception.StatusCode, exception.Status.Detail);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Method} failed inside the dev server", context.Method);
            throw;
        }
    }
}
