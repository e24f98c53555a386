using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Totalizator;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Totalizator;

/// <summary>The Totalizator context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class TotalizatorModule
{
    public static IServiceCollection AddTotalizator(this IServiceCollection services)
    {
        services.AddScoped<PointGrants>();
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Totalizator.TaskQueue(), services)
            .AddWorkflow<MarketWorkflow>()
            .AddScopedActivities<MarketActivities>();
        return services;
    }

    public static IEndpointRouteBuilder MapTotalizatorEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapMarketEndpoints().MapWalletEndpoints();
}
