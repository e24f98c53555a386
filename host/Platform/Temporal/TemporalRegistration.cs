using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Platform.Temporal;

public static class TemporalRegistration
{
    /// <summary>The Temporal connection, and a worker on its own task queue for each selected context.</summary>
    public static IServiceCollection AddPlatformTemporal(
        this IServiceCollection services, IConfiguration configuration, ContextSelection selection)
    {
        services.AddOptions<TemporalSettings>()
            .Bind(configuration.GetSection(TemporalSettings.Section))
            .Validate(
                settings => TemporalSettings.IsKnownCompression(settings.GrpcCompression),
                $"Temporal:GrpcCompression must be '{TemporalSettings.Gzip}' or '{TemporalSettings.None}' (or unset).")
            .PostConfigure<IHostEnvironment>((settings, environment) => settings.DetectInvalidWorkflowCalls ??= environment.IsDevelopment())
            .ValidateOnStart();
        services.AddSingleton<TemporalClientProvider>();
        services.AddSingleton<ContextWorkerRegistry>();
        services.AddHostedService<TemporalConnectionService>();
        services.AddHostedService<ContextWorkersService>();
        foreach (var context in selection.Contexts)
        {
            // Every context journals its seed events into its own schema, so every worker has this activity.
            var worker = new TemporalWorkerServiceOptionsBuilder(context.TaskQueue(), services);
            worker.ConfigureOptions();
            worker.AddScopedActivities(typeof(SeedEventJournalActivities<>).MakeGenericType(ContextDatabases.DbContextType(context)));
        }

        return services;
    }
}
