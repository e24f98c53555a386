using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Activities.Invoicing;

/// <summary>The <c>Invoicing</c> configuration section (docs/invoicing.md, "Settings").</summary>
public sealed class InvoicingSettings
{
    public const string Section = "Invoicing";

    /// <summary>Tax on every line as a fraction (0.19 for 19 %), 0 to 1; 0, the default, puts no tax on invoices.</summary>
    public decimal TaxRate { get; set; }

    /// <summary>From issue to the due date.</summary>
    public TimeSpan PaymentTerm { get; set; } = TimeSpan.FromDays(14);

    /// <summary>After a declined charge, the waits before each retry; when the last retry fails, the invoice is overdue.</summary>
    public IList<TimeSpan> RetrySchedule { get; } = [];

    /// <summary>How long a charge or refund waits for Golden Hat's webhook before it asks Golden Hat.</summary>
    public TimeSpan ConfirmationWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many new payment methods an overdue invoice is charged to; past that it stays overdue, further ones are
    /// refused and the managers are told.
    /// </summary>
    public int OverdueChargeAttempts { get; set; } = 3;

    /// <summary>
    /// Per currency, in its major unit: a manager's credit to a worker whose size (bonus or correction) is above this
    /// needs a second manager's approval. One figure per currency, because 100 EUR and 100 JPY are not the same risk;
    /// configuring a currency overrides its default, and every platform currency must have one.
    /// </summary>
    public IDictionary<string, decimal> CreditApprovalThresholds { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["EUR"] = 100m,
        ["USD"] = 100m,
        ["GBP"] = 100m,
        ["CHF"] = 100m,
        ["RUB"] = 10_000m,
        ["JPY"] = 15_000m,
        ["KWD"] = 30m,
    };

    /// <summary>How long a payout to a changed payout destination is held: time for the worker to notice a change they did not make.</summary>
    public TimeSpan PayoutCoolingPeriod { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often a payout without a usable payout destination (none, or only the one that failed) looks again.</summary>
    public TimeSpan PayoutDestinationRecheck { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether this deployment issues workers' statements (and starts their payouts) on the schedule; test hosts turn it off, and the schedule's run then ends at once.</summary>
    public bool StatementsOnSchedule { get; set; } = true;

    /// <summary>Whether this deployment reconciles Golden Hat's settlement report daily; test hosts turn it off, and the reconciliation's run then ends at once.</summary>
    public bool ReconcileSettlements { get; set; } = true;

    /// <summary>How long after a day's end (UTC) its settlement is reconciled, so what Golden Hat decided late that day is booked by then.</summary>
    public TimeSpan SettlementReconciliationDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The statements' period: weekly by default.</summary>
    public TimeSpan StatementPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Periods end at this instant plus whole periods: by default every Monday at 00:00 UTC.</summary>
    public DateTimeOffset StatementAnchor { get; set; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How long a credit above the threshold waits for approval before it expires, not posted.</summary>
    public TimeSpan CreditApprovalDeadline { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The schedule when none is configured: after 1, 3 and 7 days.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetrySchedule { get; } = [TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7)];

    /// <summary>What is wrong with the settings, naming each setting; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (TaxRate is < 0m or > 1m)
        {
            yield return $"{Section}:TaxRate must be a fraction from 0 to 1 (0.19 for 19 %), not {TaxRate}.";
        }

        if (PaymentTerm <= TimeSpan.Zero)
        {
            yield return $"{Section}:PaymentTerm must be above zero.";
        }

        if (RetrySchedule.Any(wait => wait <= TimeSpan.Zero))
        {
            yield return $"{Section}:RetrySchedule's waits must be above zero.";
        }

        foreach (var currency in CreditApprovalThresholds.Keys.Where(currency => !Money.IsCurrency(currency)))
        {
            yield return $"{Section}:CreditApprovalThresholds:{currency} names no platform currency (one of {string.Join(", ", Money.Currencies)}).";
        }

        foreach (var currency in Money.Currencies.Where(currency => !CreditApprovalThresholds.ContainsKey(currency)))
        {
            yield return $"{Section}:CreditApprovalThresholds:{currency} is missing: every platform currency needs its threshold.";
        }

        foreach (var (currency, threshold) in CreditApprovalThresholds.Where(pair => pair.Value < 0m))
        {
            yield return $"{Section}:CreditApprovalThresholds:{currency} must be at least 0, not {threshold}.";
        }

        if (CreditApprovalDeadline <= TimeSpan.Zero)
        {
            yield return $"{Section}:CreditApprovalDeadline must be above zero.";
        }

        if (PayoutCoolingPeriod < TimeSpan.Zero)
        {
            yield return $"{Section}:PayoutCoolingPeriod must be at least zero.";
        }

        if (PayoutDestinationRecheck <= TimeSpan.Zero)
        {
            yield return $"{Section}:PayoutDestinationRecheck must be above zero.";
        }

        if (SettlementReconciliationDelay < TimeSpan.Zero || SettlementReconciliationDelay >= TimeSpan.FromDays(1))
        {
            yield return $"{Section}:SettlementReconciliationDelay must be from zero to under a day.";
        }

        if (StatementPeriod < TimeSpan.FromHours(1))
        {
            yield return $"{Section}:StatementPeriod must be at least one hour.";
        }

        if (ConfirmationWait <= TimeSpan.Zero)
        {
            yield return $"{Section}:ConfirmationWait must be above zero.";
        }

        if (OverdueChargeAttempts is < 1 or > 100)
        {
            yield return $"{Section}:OverdueChargeAttempts must be from 1 to 100.";
        }
    }
}
