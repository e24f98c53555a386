using HelperPlatform.Workflows.Invoicing;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// Reserves a promotion code's use for a placement while the client waits, on Invoicing's task queue (Ordering never
/// writes the invoicing schema).
/// </summary>
[Workflow]
public sealed class PromotionCodeReservationWorkflow
{
    public static string WorkflowId(Guid quoteId, Guid attemptId) => $"promotion-code-reservation-{quoteId}-{attemptId}";

    [WorkflowRun]
    public Task<PromotionCodeReservation> RunAsync(PromotionCodeUse use) =>
        Workflow.ExecuteActivityAsync((IDiscountActivities discounts) => discounts.ReservePromotionCodeAsync(use), InvoicingAsked.WhileAClientWaits);
}
