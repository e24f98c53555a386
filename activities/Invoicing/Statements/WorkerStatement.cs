using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Statements;

/// <summary>
/// A worker's statement for one period and currency (*Worker invoiced*): a self-billing document, numbered without
/// gaps per year (<c>WS-2026-000001</c>), whose total is what the ledger owed the worker at the period's end and is
/// paid out by the payout of the same id.
/// </summary>
public sealed class WorkerStatement
{
    public Guid Id { get; set; }

    public required string Number { get; set; }

    public int Year { get; set; }

    public int Sequence { get; set; }

    public required string WorkerId { get; set; }

    public required string Currency { get; set; }

    public DateTimeOffset PeriodStart { get; set; }

    public DateTimeOffset PeriodEnd { get; set; }

    /// <summary>What earlier statements owed the worker and was not paid out yet (e.g. a failed payout's money).</summary>
    public decimal BroughtForward { get; set; }

    /// <summary><see cref="BroughtForward"/> plus the lines: the worker's ledger balance at the period's end.</summary>
    public decimal Total { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public List<WorkerStatementLine> Lines { get; set; } = [];
}

/// <summary>One earning or credit of the period on a statement.</summary>
public sealed class WorkerStatementLine
{
    public Guid StatementId { get; set; }

    public int Position { get; set; }

    public WorkerStatementLineKind Kind { get; set; }

    /// <summary>The order of an earning, the credit of a credit or correction.</summary>
    public Guid SourceId { get; set; }

    public required string Description { get; set; }

    public decimal Amount { get; set; }

    public DateTimeOffset At { get; set; }
}
