using System.Linq.Expressions;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Warehouse;

/// <summary>Runs a staff update on a picking or hand-over workflow and answers its refusals (<see cref="PickRefusals"/>) over HTTP.</summary>
public static class PickUpdates
{
    /// <summary>
    /// Runs a staff confirmation. The workflow answers a repeat while it runs with the first answer; a repeat after
    /// the confirmation closed the workflow (a client retrying a request whose answer it lost) gets the same answer.
    /// </summary>
    public static async Task<Results<Ok<TResult>, ProblemHttpResult>> ConfirmAsync<TWorkflow, TResult>(
        WorkflowHandle<TWorkflow> handle, Expression<Func<TWorkflow, Task<TResult>>> confirmation)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var (result, problem) = await WorkflowUpdates.RunAsync(() => handle.ExecuteUpdateAsync(confirmation), ToProblem, "There is no open pick with this id.");
        if (problem is null)
        {
            return TypedResults.Ok(result!);
        }

        return problem.StatusCode == StatusCodes.Status404NotFound && await ClosedWithAsync<TResult>(handle) is { } earlier
            ? TypedResults.Ok(earlier)
            : problem;
    }

    private static async Task<TResult?> ClosedWithAsync<TResult>(WorkflowHandle handle)
    {
        try
        {
            return await handle.GetResultAsync<TResult>();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return default;
        }
        catch (WorkflowFailedException)
        {
            // Cancelled or failed (the order was cancelled): no confirmation closed it.
            return default;
        }
    }

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        PickRefusals.WrongState => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible now"),
        _ => throw new InvalidOperationException($"Unexpected refusal '{refusal.ErrorType}': {refusal.Message}", refusal),
    };
}
