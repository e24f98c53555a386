using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Credits;
using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Activities.Invoicing.Earnings;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Activities.Invoicing.PaymentMethods;
using HelperPlatform.Activities.Invoicing.Payouts;
using HelperPlatform.Activities.Invoicing.Reconciliation;
using HelperPlatform.Activities.Invoicing.Refunds;
using HelperPlatform.Activities.Invoicing.Statements;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Host.Platform.Temporal;
using Microsoft.Extensions.Options;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Host.Invoicing;

/// <summary>The Invoicing context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class InvoicingModule
{
    public static IServiceCollection AddInvoicing(this IServiceCollection services)
    {
        services.AddOptions<InvoicingSettings>().BindConfiguration(InvoicingSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InvoicingSettings>, SettingsValidation>();
        services.AddScoped<PaymentMethodBook>();
        services.AddOptions<UnstartedRefundSettings>().BindConfiguration(UnstartedRefundSettings.Section)
            .Validate(refunds => refunds.CheckInterval > TimeSpan.Zero, $"{UnstartedRefundSettings.Section}:CheckInterval must be above zero.")
            .Validate(refunds => refunds.StartAfter >= TimeSpan.Zero, $"{UnstartedRefundSettings.Section}:StartAfter must be at least zero.")
            .ValidateOnStart();
        services.AddHostedService<UnstartedRefundStarter>();
        services.AddStandingWorkflow(new StandingWorkflow(
            WorkerStatementScheduleWorkflow.Id,
            BoundedContext.Invoicing.TaskQueue(),
            (client, options) => client.StartWorkflowAsync((WorkerStatementScheduleWorkflow workflow) => workflow.RunAsync(null), options),
            _ => TimeSpan.FromHours(1)));
        services.AddStandingWorkflow(new StandingWorkflow(
            SettlementReconciliationWorkflow.Id,
            BoundedContext.Invoicing.TaskQueue(),
            (client, options) => client.StartWorkflowAsync((SettlementReconciliationWorkflow workflow) => workflow.RunAsync(null), options),
            _ => TimeSpan.FromHours(1)));

        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Invoicing.TaskQueue(), services)
            .AddWorkflow<InvoiceWorkflow>()
            .AddWorkflow<RefundWorkflow>()
            .AddScopedActivities<RefundActivities>()
            .AddWorkflow<WorkerCreditWorkflow>()
            .AddWorkflow<PayoutDestinationWorkflow>()
            .AddScopedActivities<PayoutDestinationActivities>()
            .AddWorkflow<WorkerPayoutWorkflow>()
            .AddScopedActivities<WorkerPayoutActivities>()
            .AddWorkflow<WorkerStatementScheduleWorkflow>()
            .AddScopedActivities<WorkerStatementActivities>()
            .AddWorkflow<SettlementReconciliationWorkflow>()
            .AddScopedActivities<SettlementReconciliationActivities>()
            .AddScopedActivities<WorkerCreditActivities>()
            .AddScopedActivities<InvoiceActivities>()
            .AddScopedActivities<EarningActivities>();
        return services.AddGoldenHat().AddDiscounts();
    }

    public static IEndpointRouteBuilder MapInvoicingEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapInvoiceEndpoints().MapRefundEndpoints().MapSettlementEndpoints().MapPaymentMethodEndpoints().MapLedgerEndpoints().MapPaymentWebhookEndpoints().MapDiscountEndpoints()
            .MapWorkerMoneyEndpoints().MapPayoutDestinationEndpoints().MapWorkerStatementEndpoints().MapSettlementReconciliationEndpoints();

    /// <summary>Discounts: the managers' book, and the activities Ordering calls on Invoicing's queue.</summary>
    public static IServiceCollection AddDiscounts(this IServiceCollection services)
    {
        services.AddScoped<DiscountBook>();
        new TemporalWorkerServiceOptionsBuilder(BoundedContext.Invoicing.TaskQueue(), services)
            .AddScopedActivities<DiscountActivities>();
        return services;
    }

    /// <summary>A start with unusable settings fails naming each.</summary>
    private sealed class SettingsValidation : IValidateOptions<InvoicingSettings>
    {
        public ValidateOptionsResult Validate(string? name, InvoicingSettings options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
