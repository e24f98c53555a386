using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>The <c>RateLimits:Anonymous</c> section: how often one client address may call anonymous endpoints.</summary>
public sealed class AnonymousRateLimitSettings
{
    public int PermitsPerWindow { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The <c>RateLimits:AnonymousConcurrency</c> section: how many anonymous requests run at once, from all
/// addresses together, and how many may wait. Many addresses flooding together meet this cap instead of
/// exhausting the database pool and the Temporal connection that signed-in users need.
/// </summary>
public sealed class AnonymousConcurrencySettings
{
    public int PermitLimit { get; set; } = 64;

    public int QueueLimit { get; set; } = 128;
}

/// <summary>
/// Per-client-address limits for endpoints anyone can call, under a cap on how many of them run at once. The address is the connection's, or the
/// forwarded one only when the request came through a configured proxy (see ForwardedHeaders setup).
/// </summary>
public static class AnonymousRateLimit
{
    public const string Policy = "anonymous";

    public static IServiceCollection AddPlatformRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("RateLimits:Anonymous").Get<AnonymousRateLimitSettings>() ?? new AnonymousRateLimitSettings();
        var concurrency = configuration.GetSection("RateLimits:AnonymousConcurrency").Get<AnonymousConcurrencySettings>() ?? new AnonymousConcurrencySettings();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Policy
                    ? RateLimitPartition.GetConcurrencyLimiter(Policy, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = concurrency.PermitLimit,
                        QueueLimit = concurrency.QueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitsPerWindow,
                    Window = settings.Window,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This address sent too many requests; retry after {http.Response.Headers.RetryAfter} seconds.",
            },
        });
    }
}
