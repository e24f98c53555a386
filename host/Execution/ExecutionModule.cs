using HelperPlatform.Activities.Execution.Reports;
using HelperPlatform.Workflows.Platform;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Execution;

/// <summary>The Execution context's services, activities and endpoints, added only when a process runs it.</summary>
public static class ExecutionModule
{
    public static IServiceCollection AddExecution(this IServiceCollection services)
    {
        services.AddOptions<PhotoSettings>().BindConfiguration(PhotoSettings.Section);
        services.AddOptions<UnacceptedPhotoReportSettings>().BindConfiguration(UnacceptedPhotoReportSettings.Section);
        services.AddScoped<PhotoStore>();
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Execution.TaskQueue(), services)
            .AddScopedActivities<ExecutionActivities>();
        return services;
    }

    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapOnSiteEndpoints();
}
