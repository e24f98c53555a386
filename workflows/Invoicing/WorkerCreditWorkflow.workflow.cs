using System.Globalization;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using static HelperPlatform.Workflows.Invoicing.InvoicingSteps;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// A manager's credit to a worker (Management's command "Credit money to a worker", posted in Invoicing's ledger;
/// Invoicing queue, id from the credit's id): a credit up to the configured threshold posts at once; a larger one
/// waits for a second, different manager's decision (a Temporal update) until the deadline, and is posted only if
/// approved. A correction never takes the worker's unpaid balance below zero. Nothing is edited: a wrong credit is
/// answered by a new, opposite one (docs/payouts.md, "Manual credits").
/// </summary>
[Workflow]
public sealed class WorkerCreditWorkflow
{
    private readonly WorkerCreditRequest request;
    private WorkerCreditStatus? status;
    private WorkerCreditDecision? decision;

    [WorkflowInit]
    public WorkerCreditWorkflow(WorkerCreditRequest credit) => request = credit;

    public static string WorkflowId(Guid creditId) => $"worker-credit-{creditId}";

    [WorkflowRun]
    public async Task<WorkerCreditStatus> RunAsync(WorkerCreditRequest credit)
    {
        var terms = await Workflow.ExecuteLocalActivityAsync((IWorkerCreditActivities credits) => credits.GetWorkerCreditTermsAsync(request.Currency), OwnRecords);
        var needsApproval = Math.Abs(request.Amount) > terms.ApprovalThreshold;
        // Set before the record is stored, so a decision that follows the stored status is never refused as early.
        status = needsApproval ? WorkerCreditStatus.AwaitingApproval : WorkerCreditStatus.Requested;
        await Workflow.ExecuteLocalActivityAsync((IWorkerCreditActivities credits) => credits.RecordWorkerCreditAsync(request, status.Value), OwnRecords);
        var what = string.Create(CultureInfo.InvariantCulture, $"{request.Amount} {request.Currency} to worker {request.WorkerId} ({request.Reason})");
        if (needsApproval)
        {
            await NotifyAsync(
                OrderNotifications.Managers,
                "A credit to a worker awaits approval",
                string.Create(CultureInfo.InvariantCulture, $"Manager {request.RequestedBy} credits {what}. It is above {terms.ApprovalThreshold} {request.Currency} and needs another manager's approval within {terms.ApprovalDeadline.TotalHours:0.##} hours (credit {request.CreditId})."));
            if (!await Workflow.WaitConditionAsync(() => decision is not null, terms.ApprovalDeadline))
            {
                return await EndAsync(WorkerCreditStatus.Expired, null, null, $"Nobody approved the credit of {what} in time; nothing was posted.");
            }

            if (!decision!.Approved)
            {
                return await EndAsync(WorkerCreditStatus.Rejected, decision.ManagerId, decision.Note, $"Manager {decision.ManagerId} rejected the credit of {what}; nothing was posted.");
            }
        }

        var posting = new WorkerCreditPosting(
            request.CreditId,
            decision?.ManagerId,
            LedgerEntries.WorkerCredited(Key(), request.WorkerId, request.CreditId, request.Currency, request.Amount, Workflow.UtcNow),
            new SeedEvent(Workflow.NewGuid(), InvoicingEvents.WorkerStream(request.WorkerId), ManagementEvents.WorkerCredited, request.RequestedBy, Workflow.UtcNow,
                System.Text.Json.JsonSerializer.Serialize(new { creditId = request.CreditId, amount = request.Amount, currency = request.Currency, reason = request.Reason })));
        status = await Workflow.ExecuteLocalActivityAsync((IWorkerCreditActivities credits) => credits.PostWorkerCreditAsync(posting), OwnRecords);
        if (status == WorkerCreditStatus.Refused)
        {
            await NotifyAsync(request.RequestedBy, "A correction was refused", $"The correction of {what} would take the worker's unpaid balance below zero; nothing was posted.");
        }
        else
        {
            await NotifyAsync(request.WorkerId, "You were credited", string.Create(CultureInfo.InvariantCulture, $"You were credited {request.Amount} {request.Currency}: {request.Reason}."));
        }

        return status.Value;
    }

    /// <summary>The credit as it was asked for, so a retried request can be told apart from another one under the same idempotency key.</summary>
    [WorkflowQuery]
    public WorkerCreditRequest Request => request;

    [WorkflowUpdateValidator(nameof(DecideAsync))]
    public void ValidateDecide(WorkerCreditDecision proposed)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        if (status != WorkerCreditStatus.AwaitingApproval || decision is not null)
        {
            throw new ApplicationFailureException($"The credit is {(decision is null ? status?.ToString() ?? "being recorded" : "decided already")}: only a credit awaiting approval takes a decision.", WorkerCreditRefusals.WrongState);
        }

        if (proposed.ManagerId == request.RequestedBy)
        {
            throw new ApplicationFailureException("A credit needs a second manager: the manager who asked for it cannot approve or reject it.", WorkerCreditRefusals.SameManager);
        }
    }

    /// <summary>A second manager approves or rejects a credit above the threshold.</summary>
    [WorkflowUpdate]
    public Task DecideAsync(WorkerCreditDecision proposed)
    {
        decision = proposed;
        return Task.CompletedTask;
    }

    /// <summary>Not posted: the status is recorded, and the manager who asked (and the managers' inbox) told why.</summary>
    private async Task<WorkerCreditStatus> EndAsync(WorkerCreditStatus end, string? decidedBy, string? note, string why)
    {
        status = end;
        var progress = new WorkerCreditProgress(request.CreditId, end, decidedBy, note, Workflow.UtcNow);
        await Workflow.ExecuteLocalActivityAsync((IWorkerCreditActivities credits) => credits.RecordWorkerCreditProgressAsync(progress), OwnRecords);
        await NotifyAsync(request.RequestedBy, $"Credit {end.ToString().ToLowerInvariant()}", why);
        await NotifyAsync(decidedBy ?? OrderNotifications.Managers, $"Credit {end.ToString().ToLowerInvariant()}", why);
        return end;
    }

    private Task NotifyAsync(string recipient, string subject, string body) =>
        InvoicingSteps.NotifyAsync(recipient, subject, body, InvoicingEvents.WorkerStream(request.WorkerId));

    /// <summary>Keyed by the credit, so the credit posts once however often its activity runs.</summary>
    private string Key() => $"credit-{request.CreditId}";
}
