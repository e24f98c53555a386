using HelperPlatform.Workflows.Platform;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// The workers' statements schedule (docs/payouts.md, "Statements"): sleeps on a durable timer until the period's
/// end, issues the period's statements, starts each one's payout (a workflow of its own, left running), and
/// continues as new with the next period, so its history stays one period long. The host keeps it running under
/// <see cref="Id"/> (a standing workflow).
/// </summary>
[Workflow]
public sealed class WorkerStatementScheduleWorkflow
{
    /// <summary>The one schedule per namespace: a second start finds it running.</summary>
    public const string Id = "worker-statements";

    /// <param name="periodEnd">The end of the period to issue; null for the first run, which takes the next end after now.</param>
    [WorkflowRun]
    public async Task RunAsync(DateTimeOffset? periodEnd)
    {
        var terms = await Workflow.ExecuteLocalActivityAsync((IWorkerStatementActivities statements) => statements.GetWorkerStatementTermsAsync(), OwnRecords);
        if (!terms.OnSchedule)
        {
            return;
        }

        var end = periodEnd ?? NextEnd(terms, Workflow.UtcNow);
        if (end > Workflow.UtcNow)
        {
            await Workflow.DelayAsync(end - Workflow.UtcNow);
        }

        var issued = await Workflow.ExecuteActivityAsync((IWorkerStatementActivities statements) => statements.IssueWorkerStatementsAsync(end - terms.Period, end), Durable(BoundedContext.Invoicing));
        foreach (var statement in issued)
        {
            var payout = new WorkerPayoutRequest(statement.StatementId, statement.WorkerId, statement.Currency, statement.Total, $"Statement {statement.Number}");
            await Workflow.StartChildWorkflowAsync(
                (WorkerPayoutWorkflow workflow) => workflow.RunAsync(payout),
                new ChildWorkflowOptions { Id = WorkerPayoutWorkflow.WorkflowId(statement.StatementId), ParentClosePolicy = Temporalio.Workflows.ParentClosePolicy.Abandon });
        }

        throw Workflow.CreateContinueAsNewException((WorkerStatementScheduleWorkflow workflow) => workflow.RunAsync(end + terms.Period));
    }

    /// <summary>The first period end after <paramref name="now"/>: the anchor plus a whole number of periods.</summary>
    public static DateTimeOffset NextEnd(WorkerStatementTerms terms, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var periods = (long)Math.Floor((now - terms.Anchor) / terms.Period) + 1;
        return terms.Anchor + (terms.Period * periods);
    }
}
