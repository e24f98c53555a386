using HelperPlatform.Activities.Totalizator;
using HelperPlatform.Activities.Totalizator.Housekeeping;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.Extensions.Options;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Totalizator;

/// <summary>The Totalizator context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class TotalizatorModule
{
    public static IServiceCollection AddTotalizator(this IServiceCollection services)
    {
        services.AddOptions<TotalizatorSettings>().BindConfiguration(TotalizatorSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TotalizatorSettings>, SettingsValidation>();
        services.AddScoped<PointGrants>();
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Totalizator.TaskQueue(), services)
            .AddWorkflow<MarketWorkflow>()
            .AddWorkflow<BetReconciliationWorkflow>()
            .AddWorkflow<MonthlyAllowanceWorkflow>()
            .AddScopedActivities<MarketActivities>()
            .AddScopedActivities<TotalizatorHousekeepingActivities>();
        services.AddStandingWorkflow(new StandingWorkflow(
            BetReconciliationWorkflow.Id,
            BoundedContext.Totalizator.TaskQueue(),
            (client, options) => client.StartWorkflowAsync((BetReconciliationWorkflow workflow) => workflow.RunAsync(), options),
            provider => provider.GetRequiredService<IOptions<TotalizatorSettings>>().Value.BetReconciliationPeriod));
        // Its own pass is monthly; an allowance lost with an in-memory dev server is back within the hour.
        services.AddStandingWorkflow(new StandingWorkflow(
            MonthlyAllowanceWorkflow.Id,
            BoundedContext.Totalizator.TaskQueue(),
            (client, options) => client.StartWorkflowAsync((MonthlyAllowanceWorkflow workflow) => workflow.RunAsync(), options),
            _ => TimeSpan.FromHours(1)));
        return services;
    }

    /// <summary>A start with unusable settings fails naming each.</summary>
    private sealed class SettingsValidation : IValidateOptions<TotalizatorSettings>
    {
        public ValidateOptionsResult Validate(string? name, TotalizatorSettings options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    public static IEndpointRouteBuilder MapTotalizatorEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapMarketEndpoints().MapWalletEndpoints();
}
