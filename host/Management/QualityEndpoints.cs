using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Activities.Management.Quality;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Management;

/// <summary>Quality control: the sampled orders waiting for review, and a manager's verdict (QualityChecked).</summary>
public static class QualityEndpoints
{
    public static IEndpointRouteBuilder MapQualityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/quality-reviews").WithTags("Quality");
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Quality reviews, oldest first, optionally by status (managers, ops).");
        group.MapPost("/{orderId:guid}/verdict", RecordVerdictAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Pass or fail a sampled order after looking at its photos: QualityChecked; a fail opens an incident (manager).")
            .ProducesOrderRefusals()
            .WithRequestExample(() => new JsonObject { ["passed"] = true, ["note"] = "Nicely served." });
        return endpoints;
    }

    private static async Task<Ok<List<QualityReviewResponse>>> ListAsync(ManagementDbContext db, QualityReviewStatus? status, CancellationToken cancellationToken)
    {
        var reviews = db.QualityReviews.AsNoTracking();
        if (status is { } wanted)
        {
            reviews = reviews.Where(review => review.Status == wanted);
        }

        return TypedResults.Ok(await reviews
            .OrderBy(review => review.OpenedAt)
            .Take(200)
            .Select(review => new QualityReviewResponse(review.OrderId, review.PhotoReportId, review.Status, review.OpenedAt, review.ManagerId, review.Note, review.CheckedAt))
            .ToListAsync(cancellationToken));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RecordVerdictAsync(
        Guid orderId, VerdictBody body, ClaimsPrincipal user, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.Passed is null)
        {
            errors.Add("passed", "'passed' is required: true to pass the order, false to fail it.");
        }

        if (body.Note is { Length: > 2000 })
        {
            errors.Add("note", "'note' must be at most 2000 characters.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var verdict = new QualityVerdict(user.AccountId(), body.Passed!.Value, body.Note);
        var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(orderId));
        var problem = await OrderUpdates.RunAsync(handle, workflow => workflow.RecordQualityVerdictAsync(verdict), answers => answers.QualityPassed == verdict.Passed);
        return problem ?? (Results<NoContent, ValidationProblem, ProblemHttpResult>)TypedResults.NoContent();
    }
}
