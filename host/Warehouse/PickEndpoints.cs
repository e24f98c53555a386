using System.Security.Claims;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Warehouse;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Warehouse;

/// <summary>Warehouse staff's view of orders: the picks, and the two confirmations the picking process waits for.</summary>
public static class PickEndpoints
{
    public static IEndpointRouteBuilder MapPickEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/warehouse/picks").WithTags("Warehouse");
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Warehouse, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Picks, most recently changed first, optionally by stage (warehouse, managers, ops).");
        group.MapPost("/{orderId:guid}/assembled", ConfirmAssembledAsync).RequireRoles(PlatformRoles.Warehouse)
            .WithSummary("Confirm the order's kit is assembled: OrderAssembled (warehouse).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{orderId:guid}/issued", ConfirmIssuedAsync).RequireRoles(PlatformRoles.Warehouse)
            .WithSummary("Confirm the kit is handed to the order's assigned worker: OrderIssued (warehouse).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Ok<List<PickResponse>>> ListAsync(WarehouseDbContext db, PickStage? stage, CancellationToken cancellationToken)
    {
        var picks = db.Picks.AsNoTracking();
        if (stage is { } wanted)
        {
            picks = picks.Where(pick => pick.Stage == wanted);
        }

        var page = await picks.OrderByDescending(pick => pick.UpdatedAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(page
            .Select(pick => new PickResponse(pick.OrderId, pick.Stage, JsonSerializer.Deserialize<List<SupplyLine>>(pick.SuppliesJson, JsonSerializerOptions.Web)!, pick.WorkerId, pick.UpdatedAt))
            .ToList());
    }

    private static async Task<Results<Ok<KitAssembled>, ProblemHttpResult>> ConfirmAssembledAsync(
        Guid orderId, ClaimsPrincipal user, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<PickingWorkflow>(PickingWorkflow.WorkflowId(orderId));
        var confirmation = new StaffConfirmation(user.AccountId());
        return await PickUpdates.ConfirmAsync(handle, workflow => workflow.ConfirmAssembledAsync(confirmation));
    }

    private static async Task<Results<Ok<KitIssued>, ProblemHttpResult>> ConfirmIssuedAsync(
        Guid orderId, ClaimsPrincipal user, TemporalClientProvider temporal, WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<KitHandOverWorkflow>(KitHandOverWorkflow.WorkflowId(orderId));
        var confirmation = new StaffConfirmation(user.AccountId());
        var answer = await PickUpdates.ConfirmAsync(handle, workflow => workflow.ConfirmIssuedAsync(confirmation));
        // The hand-over starts only once a worker is assigned: before that there is a pick but nothing to confirm on.
        if (answer.Result is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound }
            && await db.Picks.AsNoTracking().Where(pick => pick.OrderId == orderId).Select(pick => (PickStage?)pick.Stage).SingleOrDefaultAsync(cancellationToken) is { } stage)
        {
            return TypedResults.Problem(
                $"The order's kit is at stage {stage}; it is issued at stage {PickStage.ReadyForHandOver}, once a worker is assigned.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Not possible now",
                extensions: new Dictionary<string, object?> { ["stage"] = stage.ToString() });
        }

        return answer;
    }
}
