using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Activities.Warehouse.Picking;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Warehouse;

/// <summary>The Warehouse context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class WarehouseModule
{
    public static IServiceCollection AddWarehouse(this IServiceCollection services)
    {
        services.AddOptions<ContractorSettings>().BindConfiguration(ContractorSettings.Section);
        services.AddSingleton<ContractorConnection>();
        services.AddHostedService<ContractorConnectionService>();
        services.AddScoped<DeliveryInbox>();
        services.AddScoped<StockSeeding>();
        services.AddHttpClient<CookieContractorClient>().AddResilienceHandler("cookie-contractor", AddContractorResilience);
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Warehouse.TaskQueue(), services)
            .AddWorkflow<CookiePurchaseWorkflow>()
            .AddWorkflow<PickingWorkflow>()
            .AddWorkflow<KitHandOverWorkflow>()
            .AddScopedActivities<ContractorActivities>()
            .AddScopedActivities<PickingActivities>();
        return services;
    }

    public static IEndpointRouteBuilder MapWarehouseEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapDeliveryWebhookEndpoints().MapPickEndpoints();

    /// <summary>
    /// Outermost first: a budget for the whole call (well inside the activity's 30 s), retries with jittered
    /// exponential backoff for transient failures, a circuit breaker that stops hammering a contractor that is
    /// down (the activity's Temporal retries take over then), and a timeout per attempt. Retry and breaker
    /// count what is transient for HTTP: 5xx, 408, 429, connection failures and attempt timeouts.
    /// </summary>
    private static void AddContractorResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline
            .AddTimeout(TimeSpan.FromSeconds(20))
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 8,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddTimeout(TimeSpan.FromSeconds(3));
    }
}
