using System.Net;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Golden Hat, the payment system: its connection, resilient client and payment activities on the Invoicing worker.</summary>
public static class GoldenHatRegistration
{
    public static IServiceCollection AddGoldenHat(this IServiceCollection services)
    {
        services.AddOptions<GoldenHatSettings>().BindConfiguration(GoldenHatSettings.Section);
        services.AddSingleton<GoldenHatConnection>();
        services.AddHostedService<GoldenHatConnectionService>();
        services.AddHttpClient<GoldenHatClient>().AddResilienceHandler("golden-hat", AddGoldenHatResilience);
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Invoicing.TaskQueue(), services)
            .AddScopedActivities<PaymentActivities>();
        return services;
    }

    /// <summary>
    /// Outermost first: a budget for the whole call (inside the activities' timeouts), retries with jittered
    /// exponential backoff, a circuit breaker that stops hammering a Golden Hat that is down (Temporal's activity
    /// retries take over then), and a timeout per attempt. Retry and breaker count what is transient for HTTP
    /// (5xx, 408, 429, connection failures, attempt timeouts) and 409, which Golden Hat answers while the same
    /// idempotency key still runs. Each retry re-sends the same request, Idempotency-Key included.
    /// </summary>
    private static void AddGoldenHatResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var attemptTimeout = context.ServiceProvider.GetRequiredService<IOptions<GoldenHatSettings>>().Value.AttemptTimeout;
        pipeline
            .AddTimeout(attemptTimeout * 4)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 8,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(attemptTimeout);
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) || outcome.Result?.StatusCode == HttpStatusCode.Conflict;
}
