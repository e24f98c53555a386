using System.Globalization;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// What a completed order earns its worker (docs/payouts.md, "Earnings"): the payout the order's pinned
/// service type version fixed, or, when the order failed its quality check, the service type's kept share of it.
/// </summary>
/// <param name="Payout">The pinned <c>ServiceTerms.WorkerPayout</c>.</param>
/// <param name="KeptPercent">The share of <paramref name="Payout"/> earned: 100 unless the quality check failed.</param>
/// <param name="Rounding">How a share was rounded; null when the whole payout is earned.</param>
public sealed record WorkerEarning(
    Guid OrderId,
    string WorkerId,
    string ServiceTypeCode,
    int ServiceTypeVersion,
    string Currency,
    decimal Payout,
    QualityOutcome Quality,
    int KeptPercent,
    decimal Amount,
    string? Rounding,
    DateTimeOffset EarnedAt,
    JournalEntry Entry)
{
    /// <summary>Keyed by the order, so however often the order's earning is posted, it is posted once.</summary>
    public static string EntryKey(Guid orderId) => $"earning-{orderId}";

    public static WorkerEarning Of(CompletedOrder order, DateTimeOffset earnedAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        var kept = order.Quality == QualityOutcome.Failed ? order.QualityPayoutPercent : 100;
        var exact = order.WorkerPayout * kept / 100m;
        // Half away from zero to the minor unit, on the one amount the share is taken of.
        var amount = Money.Round(exact, order.Currency, MidpointRounding.AwayFromZero);
        var rounding = kept == 100
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{order.WorkerPayout} × {kept} % = {exact} → {amount} (half away from zero)");
        return new WorkerEarning(
            order.OrderId, order.WorkerId, order.ServiceTypeCode, order.ServiceTypeVersion, order.Currency, order.WorkerPayout, order.Quality, kept, amount, rounding, earnedAt,
            LedgerEntries.Earned(EntryKey(order.OrderId), order.WorkerId, order.OrderId, order.Currency, amount, earnedAt));
    }
}

/// <summary>Workers' earnings, local activities of the Invoicing worker; each is idempotent.</summary>
public interface IEarningActivities
{
    /// <summary>Stores the order's earning with its journal entry in one transaction; a retry finds it stored and changes nothing.</summary>
    [Activity]
    Task RecordEarningAsync(WorkerEarning earning);
}
