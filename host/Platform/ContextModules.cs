using HelperPlatform.Host.Execution;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Host.Management;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Host.Warehouse;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// The one place that adds a bounded context's services and endpoints when the process runs that context,
/// so a service started with <c>--contexts Ordering</c> neither serves nor depends on Management.
/// </summary>
public static class ContextModules
{
    public static IServiceCollection AddContextServices(this IServiceCollection services, ContextSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Runs(BoundedContext.Management))
        {
            services.AddManagement();
        }

        if (selection.Runs(BoundedContext.Onboarding))
        {
            services.AddOnboarding();
        }

        if (selection.Runs(BoundedContext.Ordering))
        {
            services.AddOrdering();
        }

        if (selection.Runs(BoundedContext.Warehouse))
        {
            services.AddWarehouse();
        }

        if (selection.Runs(BoundedContext.Execution))
        {
            services.AddExecution();
        }

        if (selection.Runs(BoundedContext.Invoicing))
        {
            services.AddInvoicing();
        }

        if (selection.Runs(BoundedContext.Totalizator))
        {
            services.AddTotalizator();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapContextEndpoints(this IEndpointRouteBuilder endpoints, ContextSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Runs(BoundedContext.Management))
        {
            endpoints.MapManagementEndpoints();
        }

        if (selection.Runs(BoundedContext.Onboarding))
        {
            endpoints.MapOnboardingEndpoints();
        }

        if (selection.Runs(BoundedContext.Ordering))
        {
            endpoints.MapOrderingEndpoints();
        }

        if (selection.Runs(BoundedContext.Warehouse))
        {
            endpoints.MapWarehouseEndpoints();
        }

        if (selection.Runs(BoundedContext.Execution))
        {
            endpoints.MapExecutionEndpoints();
        }

        if (selection.Runs(BoundedContext.Invoicing))
        {
            endpoints.MapInvoicingEndpoints();
        }

        if (selection.Runs(BoundedContext.Totalizator))
        {
            endpoints.MapTotalizatorEndpoints();
        }

        return endpoints;
    }
}
