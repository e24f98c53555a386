using HelperPlatform.Activities.Execution;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Management;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Activities.Totalizator;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Activities.Platform.Persistence;

/// <summary>Which EF Core context owns which bounded context's schema.</summary>
public static class ContextDatabases
{
    public static Type DbContextType(BoundedContext context) => context switch
    {
        BoundedContext.Management => typeof(ManagementDbContext),
        BoundedContext.Onboarding => typeof(OnboardingDbContext),
        BoundedContext.Ordering => typeof(OrderingDbContext),
        BoundedContext.Warehouse => typeof(WarehouseDbContext),
        BoundedContext.Execution => typeof(ExecutionDbContext),
        BoundedContext.Invoicing => typeof(InvoicingDbContext),
        BoundedContext.Totalizator => typeof(TotalizatorDbContext),
        _ => throw new ArgumentOutOfRangeException(nameof(context), context, "Unknown bounded context."),
    };

    public static IServiceCollection AddContextDatabase(
        this IServiceCollection services, BoundedContext context, string connectionString) => context switch
    {
        BoundedContext.Management => services.AddContextDatabase<ManagementDbContext>(context, connectionString),
        BoundedContext.Onboarding => services.AddContextDatabase<OnboardingDbContext>(context, connectionString),
        BoundedContext.Ordering => services.AddContextDatabase<OrderingDbContext>(context, connectionString),
        BoundedContext.Warehouse => services.AddContextDatabase<WarehouseDbContext>(context, connectionString),
        BoundedContext.Execution => services.AddContextDatabase<ExecutionDbContext>(context, connectionString),
        BoundedContext.Invoicing => services.AddContextDatabase<InvoicingDbContext>(context, connectionString),
        BoundedContext.Totalizator => services.AddContextDatabase<TotalizatorDbContext>(context, connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(context), context, "Unknown bounded context."),
    };
}
