using Temporalio.Activities;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>An open order whose workflow is gone (not found) or closed without closing the order.</summary>
/// <param name="WorkerId">The order's worker as its record shows it, null before one was assigned.</param>
/// <param name="Reason">What became of the workflow, e.g. <c>workflow terminated</c>; the order's failure names it.</param>
public sealed record LostOrder(Guid OrderId, string? WorkerId, string Reason);

/// <summary>One reconciliation pass's finding, and how long to wait before the next pass.</summary>
/// <param name="UnplacedQuotesExpiredBefore">
/// The promotion code reservations of quotes that expired before this instant without an order are released: the
/// pass's time less the margin a placement may take.
/// </param>
public sealed record ReconciliationPass(IReadOnlyList<LostOrder> Lost, TimeSpan NextPassIn, DateTimeOffset UnplacedQuotesExpiredBefore);

/// <summary>Finds the orders <see cref="OrderReconciliationWorkflow"/> repairs, and the quotes whose promotion code reservation it releases.</summary>
public interface IOrderReconciliationActivities
{
    /// <summary>
    /// Open orders not updated within the grace period whose workflow Temporal does not know or reports closed
    /// (terminated, failed, timed out, cancelled); orders still waiting for their first start are the placement
    /// outbox's, not these.
    /// </summary>
    [Activity]
    Task<ReconciliationPass> FindLostOrdersAsync();

    /// <summary>Those of <paramref name="quoteIds"/> no order was placed with.</summary>
    [Activity]
    Task<IReadOnlyList<Guid>> FindQuotesWithoutOrderAsync(IReadOnlyList<Guid> quoteIds);
}
