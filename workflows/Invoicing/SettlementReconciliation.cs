using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>How a line of Golden Hat's settlement report and the ledger disagree.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SettlementMismatchKind>))]
public enum SettlementMismatchKind
{
    /// <summary>Golden Hat moved money the ledger has no entry for.</summary>
    MissingInLedger,

    /// <summary>The ledger booked a movement Golden Hat does not report.</summary>
    MissingAtGoldenHat,

    /// <summary>Both have the line, with another amount or currency.</summary>
    AmountDiffers,
}

/// <summary>The daily reconciliation as configured (docs/payouts.md, "Reconciliation").</summary>
/// <param name="OnSchedule">False where the deployment does not reconcile: the workflow's run then ends at once.</param>
/// <param name="Delay">How long after a day's end (UTC) it is reconciled, so the day's late webhooks and polls are booked.</param>
public sealed record SettlementReconciliationTerms(bool OnSchedule, TimeSpan Delay);

/// <summary>What one day's reconciliation found: report lines matched by the ledger, and mismatches listed for ops.</summary>
public sealed record SettlementReconciliationSummary(DateOnly Date, int LinesMatched, int Mismatches);

/// <summary>Invoicing's reconciliation of Golden Hat's settlement report against the ledger.</summary>
public interface ISettlementReconciliationActivities
{
    [Activity]
    Task<SettlementReconciliationTerms> GetSettlementReconciliationTermsAsync();

    /// <summary>
    /// Matches Golden Hat's settlement lines of <paramref name="day"/> against the ledger line by line and stores the
    /// day's mismatches with both sides, replacing what an earlier run of the same day stored.
    /// </summary>
    [Activity]
    Task<SettlementReconciliationSummary> ReconcileSettlementDayAsync(DateOnly day, DateTimeOffset at);
}
