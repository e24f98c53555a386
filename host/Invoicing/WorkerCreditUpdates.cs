using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Runs a decision on a credit workflow and answers its refusals (<see cref="WorkerCreditRefusals"/>) over HTTP.</summary>
public static class WorkerCreditUpdates
{
    public static Task<(TResult? Result, ProblemHttpResult? Problem)> RunAsync<TResult>(Func<Task<TResult>> update) =>
        WorkflowUpdates.RunAsync(update, ToProblem, "There is no credit awaiting approval with this id.");

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        WorkerCreditRefusals.SameManager => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status403Forbidden, title: "A second manager is needed"),
        WorkerCreditRefusals.WrongState => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible now"),
        _ => throw new InvalidOperationException($"Unexpected refusal '{refusal.ErrorType}': {refusal.Message}", refusal),
    };
}
