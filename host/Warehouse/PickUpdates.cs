using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Warehouse;

/// <summary>Runs a staff update on a picking or hand-over workflow and answers its refusals (<see cref="PickRefusals"/>) over HTTP.</summary>
public static class PickUpdates
{
    public static Task<(TResult? Result, ProblemHttpResult? Problem)> RunAsync<TResult>(Func<Task<TResult>> update) =>
        WorkflowUpdates.RunAsync(update, ToProblem, "There is no open pick with this id.");

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        PickRefusals.WrongState => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible now"),
        _ => throw new InvalidOperationException($"Unexpected refusal '{refusal.ErrorType}': {refusal.Message}", refusal),
    };
}
