using HelperPlatform.Activities.Ordering.Matching;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Ordering;

/// <summary>The Ordering context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class OrderingModule
{
    public static IServiceCollection AddOrdering(this IServiceCollection services)
    {
        services.AddOptions<QuoteSettings>().BindConfiguration(QuoteSettings.Section);
        services.AddScoped<OrderPlacement>();
        services.AddScoped<QuoteBook>();
        services.AddSingleton<IServiceTypeLookups, TemporalServiceTypeLookups>();
        services.AddSingleton<ServiceTypeCatalogue>();
        services.AddSingleton<InvoicingDiscounts>();
        services.AddOptions<UnstartedOrderSettings>().BindConfiguration(UnstartedOrderSettings.Section);
        services.AddHostedService<UnstartedOrderStarter>();
        services.AddOptions<ReconciliationSettings>().BindConfiguration(ReconciliationSettings.Section);
        services.AddStandingWorkflow(new StandingWorkflow(
            OrderReconciliationWorkflow.Id,
            BoundedContext.Ordering.TaskQueue(),
            (client, options) => client.StartWorkflowAsync((OrderReconciliationWorkflow workflow) => workflow.RunAsync(), options),
            provider => provider.GetRequiredService<IOptions<ReconciliationSettings>>().Value.Period));
        services.AddSingleton<OrderStatusWatch>();
        services.AddHostedService(provider => provider.GetRequiredService<OrderStatusWatch>());
        services.AddSingleton<IRuntimeReport>(provider => provider.GetRequiredService<OrderStatusWatch>());
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Ordering.TaskQueue(), services)
            .AddWorkflow<ServiceTypeLookupWorkflow>()
            .AddWorkflow<OrderWorkflow>()
            .AddWorkflow<OrderReconciliationWorkflow>()
            .AddWorkflow<DiscountLookupWorkflow>()
            .AddWorkflow<PromotionCodeReservationWorkflow>()
            .AddScopedActivities<OrderActivities>()
            .AddScopedActivities<QuoteActivities>()
            .AddScopedActivities<OrderReconciliationActivities>()
            .AddScopedActivities<OrderFactsActivities>()
            .AddScopedActivities<MatchingActivities>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrderingEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapQuoteEndpoints().MapOrderEndpoints().MapOfferEndpoints().MapServiceTypeStepCountEndpoints();
}
