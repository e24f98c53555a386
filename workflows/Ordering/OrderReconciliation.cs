using Temporalio.Activities;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>An open order whose workflow is gone (not found) or closed without closing the order.</summary>
/// <param name="WorkerId">The order's worker as its record shows it, null before one was assigned.</param>
/// <param name="Reason">What became of the workflow, e.g. <c>workflow terminated</c>; the order's failure names it.</param>
public sealed record LostOrder(Guid OrderId, string? WorkerId, string Reason);

/// <summary>One reconciliation pass's finding, and how long to wait before the next pass.</summary>
public sealed record ReconciliationPass(IReadOnlyList<LostOrder> Lost, TimeSpan NextPassIn);

/// <summary>Finds the orders <see cref="OrderReconciliationWorkflow"/> repairs.</summary>
public interface IOrderReconciliationActivities
{
    /// <summary>
    /// Open orders not updated within the grace period whose workflow Temporal does not know or reports closed
    /// (terminated, failed, timed out, cancelled); orders still waiting for their first start are the placement
    /// outbox's, not these.
    /// </summary>
    [Activity]
    Task<ReconciliationPass> FindLostOrdersAsync();
}
