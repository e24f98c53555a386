using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Runs an update on an invoice workflow and answers its refusals (<see cref="InvoiceRefusals"/>) over HTTP.</summary>
public static class InvoiceUpdates
{
    public static Task<(TResult? Result, ProblemHttpResult? Problem)> RunAsync<TResult>(Func<Task<TResult>> update) =>
        WorkflowUpdates.RunAsync(update, ToProblem, "There is no open invoice with this id.");

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        InvoiceRefusals.NotYours => TypedResults.Problem("There is no such invoice of yours.", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        InvoiceRefusals.WrongState => TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible now"),
        InvoiceRefusals.AmountNotDue => TypedResults.Problem(
            refusal.Message,
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request has invalid fields.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["amount"] = [refusal.Message] } }),
        InvoiceRefusals.SettlementKeyReused => IdempotencyKeys.Reused(refusal.Details.ElementAt<string[]>(0)),
        _ => throw new InvalidOperationException($"Unexpected refusal '{refusal.ErrorType}': {refusal.Message}", refusal),
    };
}
