using System.Net.Sockets;
using HelperPlatform.Host.Platform.Postgres;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// Answers a request that failed because PostgreSQL or Temporal cannot be reached with 503 and <c>Retry-After</c>,
/// naming what is unavailable, instead of a 500: the caller did nothing wrong and may simply try again.
/// </summary>
public sealed class InfrastructureUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<InfrastructureUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>How long a caller is asked to wait: long enough for a restart, short enough not to lose them.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (Unavailable(exception) is not { } what)
        {
            return false;
        }

        logger.LogWarning(exception, "{Service} is unavailable; answered {Path} with 503", what, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = $"{what} is unavailable.",
                Detail = $"{what} cannot be reached right now, so the request was not completed. Try again in {RetryAfter.TotalSeconds:0} s.",
                Extensions = { ["unavailable"] = what },
            },
            Exception = exception,
        });
    }

    /// <summary>The service an exception (or one it wraps, as EF Core does) says is out of reach; null for any other failure.</summary>
    public static string? Unavailable(Exception? exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case PostgresUnavailableException:
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                    return "PostgreSQL";
                case RpcException { Code: RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded }:
                    return "Temporal";
            }
        }

        return null;
    }
}
