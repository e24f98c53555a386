using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// Runs an update on a workflow and turns the workflow's refusals into HTTP answers: the workflow decides
/// whether the action fits the order's state, the API only translates its reasons.
/// </summary>
public static class WorkflowRefusals
{
    public static async Task<(TResult? Result, ProblemHttpResult? Problem)> UpdateAsync<TResult>(Func<Task<TResult>> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        try
        {
            return (await update(), null);
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException refusal)
        {
            return (default, ToProblem(refusal));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // No such workflow, or it has closed: there is nothing left that could take the action.
            return (default, TypedResults.Problem("There is no open order or pick with this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        }
    }

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        OrderRefusals.NotYours => TypedResults.Problem("There is no such order of yours.", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        OrderRefusals.WrongState or PickRefusals.WrongState => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible now"),
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
