using System.Text.Json.Serialization;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

[JsonConverter(typeof(JsonStringEnumConverter<WorkerStatementLineKind>))]
public enum WorkerStatementLineKind
{
    /// <summary>A completed order's earning.</summary>
    Earning,

    /// <summary>A manager's bonus.</summary>
    Credit,

    /// <summary>A manager's negative correction.</summary>
    Correction,
}

/// <summary>The statements' schedule as configured (docs/payouts.md, "Statements"): periods of <see cref="Period"/> ending at multiples of it after <see cref="Anchor"/>.</summary>
/// <param name="OnSchedule">False where the deployment issues no statements: the schedule's run then ends at once.</param>
public sealed record WorkerStatementTerms(bool OnSchedule, TimeSpan Period, DateTimeOffset Anchor);

/// <summary>A statement issued for a period: paid out by the payout workflow of the same id.</summary>
public sealed record IssuedWorkerStatement(Guid StatementId, string Number, string WorkerId, string Currency, decimal Total);

/// <summary>Invoicing's statements: issued per worker and currency at the end of each period.</summary>
public interface IWorkerStatementActivities
{
    [Activity]
    Task<WorkerStatementTerms> GetWorkerStatementTermsAsync();

    /// <summary>
    /// Issues the period's statements: one per worker and currency owed more than zero at <paramref name="periodEnd"/>
    /// and with no payout still open, each with *Worker invoiced*. A retry returns the statements issued for the period.
    /// </summary>
    [Activity]
    Task<IReadOnlyList<IssuedWorkerStatement>> IssueWorkerStatementsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd);
}
