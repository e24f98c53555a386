using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.Quality;
using HelperPlatform.Activities.Management.ServiceTypes;
using HelperPlatform.Activities.Management.TestSets;
using HelperPlatform.Host.Management.Designer;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.OpenApi;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Management;

/// <summary>The Management context's services, activities and endpoints, added only when a process runs it.</summary>
public static class ManagementModule
{
    public static IServiceCollection AddManagement(this IServiceCollection services)
    {
        services.AddSingleton<TestSetKind>();
        services.AddSingleton<ServiceTypeKind>();
        services.AddScoped<DefinitionStore>();
        services.AddOptions<DesignerSettings>().BindConfiguration(DesignerSettings.Section);
        services.ConfigureAll<OpenApiOptions>(options => options.AddDocumentTransformer(DefinitionTreeSchema.DescribeAsync));
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Management.TaskQueue(), services)
            .AddWorkflow<QualityIncidentWorkflow>()
            .AddScopedActivities<TestSetActivities>()
            .AddScopedActivities<ServiceTypeActivities>()
            .AddScopedActivities<QualityActivities>();
        return services;
    }

    public static IEndpointRouteBuilder MapManagementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var kinds = endpoints.ServiceProvider;
        return endpoints
            .MapDefinitionEndpoints(kinds.GetRequiredService<TestSetKind>(), "/api/test-sets", "Test sets",
                DefinitionExamples.CookieDeliveryBasics)
            .MapDefinitionEndpoints(kinds.GetRequiredService<ServiceTypeKind>(), "/api/service-types", "Service types",
                DefinitionExamples.OfficeCookies)
            .MapElsaApiEndpoints(DesignerPalette.TestSets(kinds.GetRequiredService<TestSetKind>()), "/designer/api/test-sets")
            .MapElsaApiEndpoints(DesignerPalette.ServiceTypes(kinds.GetRequiredService<ServiceTypeKind>()), "/designer/api/service-types")
            .MapDesignerEndpoints()
            .MapQualityEndpoints()
            .MapWorkerCreditEndpoints();
    }
}
