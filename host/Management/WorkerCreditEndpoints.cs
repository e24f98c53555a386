using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Management;

/// <summary>
/// Management's command "Credit money to a worker" (*Worker credited*): a manager's bonus or correction, posted in
/// Invoicing's ledger by <see cref="WorkerCreditWorkflow"/> on Invoicing's queue, and a second manager's decision on a
/// credit above the approval threshold.
/// </summary>
public static class WorkerCreditEndpoints
{
    public const decimal MaxCredit = 1_000_000m;

    public static IEndpointRouteBuilder MapWorkerCreditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Worker credits");
        group.MapPost("/workers/{workerId}/credits", CreditAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Credit money to a worker: a bonus, or a negative correction down to their unpaid balance; above the approval threshold a second manager must approve (manager).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["amount"] = 25.00m, ["currency"] = "EUR", ["reason"] = "Bonus for the December rush." });
        group.MapPost("/worker-credits/{creditId:guid}/decision", DecideAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Approve or reject a credit awaiting approval; not by the manager who asked for it (manager).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(() => new JsonObject { ["approved"] = true, ["note"] = "Agreed with the area lead." });
        return endpoints;
    }

    private static async Task<Results<Accepted<WorkerCreditAccepted>, ValidationProblem, ProblemHttpResult>> CreditAsync(
        string workerId, WorkerCreditBody body, HttpRequest http, ClaimsPrincipal user, UserManager<PlatformUser> users, TemporalClientProvider temporal, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Read(http, errors);
        if (!Money.IsCurrency(body.Currency))
        {
            errors.Add("currency", $"'currency' is required, one of {string.Join(", ", Money.Currencies)}.");
        }

        if (body.Amount is not { } amount || amount == 0m || Math.Abs(amount) > MaxCredit)
        {
            errors.Add("amount", $"'amount' is required: above 0 for a bonus, below 0 for a correction, at most {MaxCredit} either way.");
        }
        else if (Money.IsCurrency(body.Currency) && !Money.IsExact(amount, body.Currency!))
        {
            errors.Add("amount", $"'amount' {amount} has more decimals than {body.Currency} has minor-unit digits.");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > WorkerCreditRequest.MaxReasonLength)
        {
            errors.Add("reason", $"'reason' is required, at most {WorkerCreditRequest.MaxReasonLength} characters: the worker reads it.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await users.FindByIdAsync(workerId) is not { } account || !await users.IsInRoleAsync(account, PlatformRoles.Worker))
        {
            return TypedResults.Problem($"There is no worker '{workerId}' (workerId): a credit goes to a worker's account.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var manager = user.AccountId();
        var request = new WorkerCreditRequest(IdempotencyKeys.IdFor("worker-credit", manager, key!), workerId, body.Currency!, body.Amount!.Value, body.Reason!.Trim(), manager, time.GetUtcNow());
        var client = await temporal.GetClientAsync(cancellationToken);
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        try
        {
            await client.StartWorkflowAsync(
                (WorkerCreditWorkflow workflow) => workflow.RunAsync(request),
                new WorkflowOptions(WorkerCreditWorkflow.WorkflowId(request.CreditId), BoundedContext.Invoicing.TaskQueue())
                {
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                    Rpc = rpc,
                });
        }
        catch (WorkflowAlreadyStartedException)
        {
            // A retry: the workflow this key started answers what it was asked, to tell a retry from another credit.
            var first = await client.GetWorkflowHandle<WorkerCreditWorkflow>(WorkerCreditWorkflow.WorkflowId(request.CreditId))
                .QueryAsync(workflow => workflow.Request, new WorkflowQueryOptions { Rpc = rpc });
            if (first.Differences(request) is { Count: > 0 } differing)
            {
                return IdempotencyKeys.Reused(differing);
            }
        }

        return TypedResults.Accepted($"/api/workers/{Uri.EscapeDataString(workerId)}/money", new WorkerCreditAccepted(request.CreditId, workerId));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid creditId, WorkerCreditDecisionBody body, ClaimsPrincipal user, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.Approved is null)
        {
            errors.Add("approved", "'approved' is required: true posts the credit, false drops it.");
        }

        if (body.Note is { Length: > WorkerCreditRequest.MaxReasonLength })
        {
            errors.Add("note", $"'note' must be at most {WorkerCreditRequest.MaxReasonLength} characters.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var decision = new WorkerCreditDecision(user.AccountId(), body.Approved!.Value, body.Note);
        var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<WorkerCreditWorkflow>(WorkerCreditWorkflow.WorkflowId(creditId));
        var (_, problem) = await WorkerCreditUpdates.RunAsync(async () =>
        {
            await handle.ExecuteUpdateAsync(workflow => workflow.DecideAsync(decision), new WorkflowUpdateOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } });
            return true;
        });
        return problem ?? (Results<NoContent, ValidationProblem, ProblemHttpResult>)TypedResults.NoContent();
    }
}
