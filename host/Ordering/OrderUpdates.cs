using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Runs an update on an order workflow and answers its refusals (<see cref="OrderRefusals"/>) over HTTP. Every
/// endpoint that updates an order goes through here, whichever context maps it (Execution's check-in and photo
/// report, Management's quality verdict).
/// </summary>
public static class OrderUpdates
{
    public static Task<(TResult? Result, ProblemHttpResult? Problem)> RunAsync<TResult>(Func<Task<TResult>> update) =>
        WorkflowUpdates.RunAsync(update, ToProblem, "There is no open order with this id.");

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
