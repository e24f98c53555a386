using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Workflows.Platform;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Invoicing;

/// <summary>The Invoicing context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class InvoicingModule
{
    public static IServiceCollection AddInvoicing(this IServiceCollection services) => services.AddGoldenHat().AddDiscounts();

    public static IEndpointRouteBuilder MapInvoicingEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPaymentWebhookEndpoints().MapDiscountEndpoints();

    /// <summary>Discounts: the managers' book, and the activities Ordering calls on Invoicing's queue.</summary>
    public static IServiceCollection AddDiscounts(this IServiceCollection services)
    {
        services.AddScoped<DiscountBook>();
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Invoicing.TaskQueue(), services)
            .AddScopedActivities<DiscountActivities>();
        return services;
    }
}
