using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Totalizator;

/// <summary>Runs a manager's update on a market's workflow and answers its refusals (<see cref="MarketRefusals"/>) over HTTP.</summary>
public static class MarketUpdates
{
    public static Task<(MarketState Result, ProblemHttpResult? Problem)> RunAsync(Func<Task<MarketState>> update) =>
        WorkflowUpdates.RunAsync(update, ToProblem, "There is no open market with this id.");

    public static RouteHandlerBuilder ProducesMarketRefusals(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static ProblemHttpResult ToProblem(ApplicationFailureException refusal) => refusal.ErrorType switch
    {
        MarketRefusals.WrongState => Problem(refusal, StatusCodes.Status409Conflict, "Not possible now"),
        MarketRefusals.StakedOnMarket => Problem(refusal, StatusCodes.Status409Conflict, "You staked on this market"),
        MarketRefusals.UnknownOutcome => Problem(refusal, StatusCodes.Status422UnprocessableEntity, "Unknown outcome"),
        _ => throw new InvalidOperationException($"Unexpected refusal '{refusal.ErrorType}': {refusal.Message}", refusal),
    };

    private static ProblemHttpResult Problem(ApplicationFailureException refusal, int status, string title) =>
        TypedResults.Problem(refusal.Message, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["refusal"] = refusal.ErrorType });
}
