using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// Runs an update on a workflow and hands back, instead of an exception, the workflow's refusal (an application
/// failure whose type names the reason) or that no open workflow could take it. The workflow decides whether the
/// action fits its state; what its reasons mean over HTTP is the business of the context that owns the workflow
/// (e.g. <c>host/Ordering/OrderUpdates</c>), so this plumbing names no refusal.
/// </summary>
public static class WorkflowUpdates
{
    public static async Task<UpdateOutcome<TResult>> TryAsync<TResult>(Func<Task<TResult>> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        try
        {
            return new UpdateOutcome<TResult>(await update(), Refusal: null, WorkflowClosed: false);
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException refusal)
        {
            return new UpdateOutcome<TResult>(default, refusal, WorkflowClosed: false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // No such workflow, or it has closed: there is nothing left that could take the action.
            return new UpdateOutcome<TResult>(default, Refusal: null, WorkflowClosed: true);
        }
    }

    /// <summary>Runs an update and answers a refusal as <paramref name="answerRefusal"/> says, a closed workflow as 404.</summary>
    /// <param name="closedDetail">What the 404 says, e.g. that there is no open order with this id.</param>
    public static async Task<(TResult? Result, ProblemHttpResult? Problem)> RunAsync<TResult>(
        Func<Task<TResult>> update, Func<ApplicationFailureException, ProblemHttpResult> answerRefusal, string closedDetail)
    {
        var outcome = await TryAsync(update);
        return (outcome.Result, Answer(outcome, answerRefusal, closedDetail));
    }

    /// <summary>The problem an outcome is answered with: a refusal as <paramref name="answerRefusal"/> says, a closed workflow as 404; null for success.</summary>
    public static ProblemHttpResult? Answer<TResult>(UpdateOutcome<TResult> outcome, Func<ApplicationFailureException, ProblemHttpResult> answerRefusal, string closedDetail)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(answerRefusal);
        return outcome switch
        {
            { Refusal: { } refusal } => answerRefusal(refusal),
            { WorkflowClosed: true } => TypedResults.Problem(closedDetail, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            _ => null,
        };
    }
}

/// <summary>An update's answer, or the workflow's refusal of it, or that no open workflow could take it.</summary>
public sealed record UpdateOutcome<TResult>(TResult? Result, ApplicationFailureException? Refusal, bool WorkflowClosed)
{
    public bool Succeeded => Refusal is null && !WorkflowClosed;
}
