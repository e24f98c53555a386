using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Temporalio.Client;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// Where a worker is paid: a token Golden Hat made for their bank account (as the worker app's bank form does). A
/// change is told to the worker and held for the cooling period before a payout goes to it (docs/payouts.md).
/// </summary>
public static class PayoutDestinationEndpoints
{
    public const string ExampleToken = "pd_test_pays";
    private const string Kind = "payout destination";

    public static IEndpointRouteBuilder MapPayoutDestinationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/workers").WithTags("Worker money");
        group.MapPut("/me/payout-destination", RegisterAsync).RequireRoles(PlatformRoles.Worker)
            .WithSummary("Register where you are paid: a payout destination token Golden Hat knows; a change is held for the cooling period (worker).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["token"] = ExampleToken });
        group.MapGet("/me/payout-destination", (ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) => CurrentAsync(user.AccountId(), db, cancellationToken))
            .RequireRoles(PlatformRoles.Worker)
            .WithSummary("Where you are paid now, and from when (worker).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{workerId}/payout-destination", CurrentAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Where a worker is paid now, and from when (managers, ops).");
        return endpoints;
    }

    /// <summary>Registering the destination already current changes nothing (a retried request is not a second change).</summary>
    private static async Task<Results<Accepted<PayoutDestinationAccepted>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        PayoutDestinationBody body,
        ClaimsPrincipal user,
        InvoicingDbContext db,
        GoldenHatClient goldenHat,
        TemporalClientProvider temporal,
        HttpContext http,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = GoldenHatTokens.Shape(body.Token, Kind);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var workerId = user.AccountId();
        if (await Current(workerId, db).FirstOrDefaultAsync(cancellationToken) is { } current && current.Token == body.Token)
        {
            return TypedResults.Accepted(Location, new PayoutDestinationAccepted(current.Id));
        }

        PayoutDestinationDetails? details;
        try
        {
            details = await goldenHat.FindPayoutDestinationAsync(body.Token!, cancellationToken);
        }
        catch (Exception e) when (GoldenHatTokens.IsUnreachable(e))
        {
            return GoldenHatTokens.Unreachable(http, Kind);
        }

        if (details is null)
        {
            return new ValidationErrors().Add("token", $"Golden Hat has no payout destination '{body.Token}'.").ToProblem();
        }

        var change = new PayoutDestinationChange(Guid.CreateVersion7(), workerId, details.Token, details.Last4, time.GetUtcNow());
        var client = await temporal.GetClientAsync(cancellationToken);
        await client.StartWorkflowAsync(
            (PayoutDestinationWorkflow workflow) => workflow.RunAsync(change),
            new WorkflowOptions(PayoutDestinationWorkflow.WorkflowId(change.DestinationId), BoundedContext.Invoicing.TaskQueue())
            {
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            });
        return TypedResults.Accepted(Location, new PayoutDestinationAccepted(change.DestinationId));
    }

    private static async Task<Results<Ok<PayoutDestinationResponse>, ProblemHttpResult>> CurrentAsync(string workerId, InvoicingDbContext db, CancellationToken cancellationToken) =>
        await Current(workerId, db).FirstOrDefaultAsync(cancellationToken) is { } current
            ? TypedResults.Ok(current)
            : TypedResults.Problem($"Worker '{workerId}' has registered no payout destination.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private const string Location = "/api/workers/me/payout-destination";

    private static IQueryable<PayoutDestinationResponse> Current(string workerId, InvoicingDbContext db) =>
        db.PayoutDestinations.AsNoTracking()
            .Where(destination => destination.WorkerId == workerId)
            .OrderByDescending(destination => destination.RegisteredAt)
            .ThenByDescending(destination => destination.Id)
            .Select(destination => new PayoutDestinationResponse(destination.Id, destination.Token, destination.Last4, destination.RegisteredAt, destination.PayableFrom));
}
