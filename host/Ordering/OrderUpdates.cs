using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Runs an update on an order workflow and answers its refusals (<see cref="OrderRefusals"/>) over HTTP. Every
/// endpoint that updates an order goes through here, whichever context maps it (Execution's check-in and photo
/// report, Management's quality verdict).
/// </summary>
public static class OrderUpdates
{
    private const string NoOpenOrder = "There is no open order with this id.";

    /// <summary>
    /// Runs an update of the order's workflow. A repeat of an action the order took (a client retrying a request whose
    /// answer it lost) gets the first answer: from the workflow while it runs, and after it has closed from its
    /// <see cref="OrderWorkflow.Answers"/>, which <paramref name="answeredBefore"/> reads (null when this action was not taken).
    /// </summary>
    public static async Task<(TResult? Result, ProblemHttpResult? Problem)> RunAsync<TResult>(
        WorkflowHandle<OrderWorkflow> handle, Expression<Func<OrderWorkflow, Task<TResult>>> update, Func<OrderAnswers, TResult?> answeredBefore)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(answeredBefore);
        var outcome = await WorkflowUpdates.TryAsync(() => handle.ExecuteUpdateAsync(update));
        if (outcome.WorkflowClosed && await AnswersOfClosedAsync(handle) is { } answers && answeredBefore(answers) is { } earlier)
        {
            return (earlier, null);
        }

        return (outcome.Result, WorkflowUpdates.Answer(outcome, ToProblem, NoOpenOrder));
    }

    /// <summary>Runs an update that answers nothing; <paramref name="answeredBefore"/> says whether the closed order took this action.</summary>
    public static async Task<ProblemHttpResult?> RunAsync(
        WorkflowHandle<OrderWorkflow> handle, Expression<Func<OrderWorkflow, Task>> update, Func<OrderAnswers, bool> answeredBefore)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(answeredBefore);
        var outcome = await WorkflowUpdates.TryAsync(async () =>
        {
            await handle.ExecuteUpdateAsync(update);
            return true;
        });
        return outcome.WorkflowClosed && await AnswersOfClosedAsync(handle) is { } answers && answeredBefore(answers)
            ? null
            : WorkflowUpdates.Answer(outcome, ToProblem, NoOpenOrder);
    }

    /// <returns>The closed workflow's answers; null when Temporal no longer has it (never started, or past its retention).</returns>
    private static async Task<OrderAnswers?> AnswersOfClosedAsync(WorkflowHandle<OrderWorkflow> handle)
    {
        try
        {
            return await handle.QueryAsync(workflow => workflow.Answers());
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Declares the refusals this answers besides 404, which the document gives every operation with an id in its path.</summary>
    public static RouteHandlerBuilder ProducesOrderRefusals(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        OrderRefusals.NotYours => TypedResults.Problem("There is no such order of yours.", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        OrderRefusals.WrongState => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible now"),
        OrderRefusals.Busy => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Booked for another order"),
        OrderRefusals.TooFar => TypedResults.Problem(
            refusal.Message,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Too far from the address",
            extensions: new Dictionary<string, object?>
            {
                ["distanceMeters"] = refusal.Details.Count > 0 ? refusal.Details.ElementAt<double>(0) : null,
                ["radiusMeters"] = refusal.Details.Count > 1 ? refusal.Details.ElementAt<int>(1) : null,
            }),
        OrderRefusals.Invalid => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not accepted"),
        _ => throw new InvalidOperationException($"Unexpected refusal '{refusal.ErrorType}': {refusal.Message}", refusal),
    };
}
