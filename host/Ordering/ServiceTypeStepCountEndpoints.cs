using HelperPlatform.Activities.Ordering;
using HelperPlatform.Host.Management;

namespace HelperPlatform.Host.Ordering;

/// <summary>Managers see how many running orders of a service type version are at each of its steps now.</summary>
public static class ServiceTypeStepCountEndpoints
{
    /// <remarks>An order's current step is set while its flow runs and cleared when it closes, so every order with one is running.</remarks>
    public static IEndpointRouteBuilder MapServiceTypeStepCountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapStepCounts<OrderingDbContext>(
            "/api/service-types", "Service types",
            "How many running orders pinned to this service type version are at each step now, from the orders' read model (manager).",
            (db, code, version) => db.Orders
                .Where(order => order.ServiceTypeCode == code && order.ServiceTypeVersion == version && order.CurrentStepId != null)
                .Select(order => order.CurrentStepId!));
}
