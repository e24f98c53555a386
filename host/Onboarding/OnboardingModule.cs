using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Platform.Notifications;
using HelperPlatform.Host.Platform.Notifications;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Onboarding;

/// <summary>The Onboarding context's services, worker registrations and endpoints, added only when a process runs it.</summary>
public static class OnboardingModule
{
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddOptions<OnboardingSettings>().BindConfiguration(OnboardingSettings.Section);
        services.AddSingleton<PublishedSkills>();
        services.AddHostedService<PublishedSkillsRefresher>();
        services.AddSingleton<OnboardingWorkflows>();
        services.AddScoped<WorkerPoolSeeding>();
        services.AddScoped<INotificationJournal>(provider => provider.GetRequiredService<OnboardingDbContext>());
        services.AddStandingWorkflow(new StandingWorkflow(
            OnboardingReconciliationWorkflow.Id,
            BoundedContext.Onboarding.TaskQueue(),
            (client, options) => client.StartWorkflowAsync((OnboardingReconciliationWorkflow workflow) => workflow.RunAsync(), options),
            provider => provider.GetRequiredService<IOptions<OnboardingSettings>>().Value.ReconciliationPeriod));
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Onboarding.TaskQueue(), services)
            .AddWorkflow<OnboardingWorkflow>()
            .AddWorkflow<OnboardingReconciliationWorkflow>()
            .AddWorkflow<PublishedSkillsWorkflow>()
            .AddScopedActivities<ApplicationActivities>()
            .AddScopedActivities<OnboardingReconciliationActivities>()
            .AddScopedActivities<WorkerPoolActivities>()
            .AddScopedActivities<WorkerPoolQueryActivities>()
            .AddScopedActivities<WorkerReviewActivities>()
            .AddScopedActivities<NotificationActivities<OnboardingDbContext>>();
        return services;
    }

    public static IEndpointRouteBuilder MapOnboardingEndpoints(this IEndpointRouteBuilder endpoints) => endpoints
        .MapApplicationEndpoints()
        .MapCandidateEndpoints()
        .MapApplicationReviewEndpoints()
        .MapConfirmationPageEndpoints()
        .MapWorkerPoolEndpoints()
        .MapNotificationEndpoints()
        .MapTestSetStepCountEndpoints();
}
