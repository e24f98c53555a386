using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Onboarding;

/// <summary>Managers follow applications: lists by status, the pinned test set versions, the timeline, and grades.</summary>
public static class ApplicationReviewEndpoints
{
    private const int MaxPageSize = 200;
    private const int MaxIdLength = 64;

    public static IEndpointRouteBuilder MapApplicationReviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var applications = endpoints.MapGroup("/api/applications").WithTags("Onboarding");
        applications.MapGet("/", ListAsync)
            .RequireRoles(PlatformRoles.Manager)
            .WithSummary("Applications, newest first, optionally of one status (manager).");
        applications.MapGet("/{id:guid}", GetAsync)
            .RequireRoles(PlatformRoles.Manager)
            .WithSummary("One application with the test set version assigned for each skill (manager).");
        applications.MapGet("/{id:guid}/timeline", TimelineAsync)
            .RequireRoles(PlatformRoles.Manager)
            .WithSummary("The application's events in order, each with its time and actor (manager).");
        applications.MapPost("/{id:guid}/grades", GradeAsync)
            .RequireRoles(PlatformRoles.Manager)
            .WithSummary("Grade the current practical task of an application (manager).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["skill"] = "cookie-delivery", ["stepId"] = "delivery-practice", ["score"] = 9, ["attemptId"] = "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f" });
        return endpoints;
    }

    private static async Task<Results<Ok<List<ApplicationSummary>>, ValidationProblem>> ListAsync(
        string? status, int? skip, int? take, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        ApplicationStatus? filter = null;
        if (status is not null)
        {
            if (Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                filter = parsed;
            }
            else
            {
                errors.Add("status", $"'status' must be one of: {string.Join(", ", Enum.GetNames<ApplicationStatus>().Select(JsonNamingPolicyName))}.");
            }
        }

        if (skip < 0)
        {
            errors.Add("skip", "'skip' must be at least 0.");
        }

        if (take is < 1 or > MaxPageSize)
        {
            errors.Add("take", $"'take' must be from 1 to {MaxPageSize}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var query = db.Applications.AsNoTracking();
        if (filter is { } wanted)
        {
            query = query.Where(application => application.Status == wanted);
        }

        var page = await query.OrderByDescending(application => application.SubmittedAt)
            .Skip(skip ?? 0).Take(take ?? 50)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(Summarize).ToList());
    }

    private static async Task<Results<Ok<ApplicationDetail>, NotFound>> GetAsync(Guid id, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(application => application.Id == id, cancellationToken);
        if (application is null)
        {
            return TypedResults.NotFound();
        }

        var assignments = await db.TestSetAssignments.AsNoTracking()
            .Where(assignment => assignment.ApplicationId == id)
            .OrderBy(assignment => assignment.Skill)
            .Select(assignment => new AssignmentView(
                assignment.Skill, assignment.TestSetCode, assignment.Version, assignment.TestSetName, assignment.Status, assignment.Reason,
                assignment.AssignedAt, assignment.Deadline, assignment.DecidedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApplicationDetail(Summarize(application), application.Phone, application.AccountId, assignments));
    }

    private static async Task<Results<Ok<List<TimelineEntry>>, NotFound>> TimelineAsync(Guid id, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.Applications.Where(application => application.Id == id).Select(application => (ApplicationStatus?)application.Status).SingleOrDefaultAsync(cancellationToken);
        if (stored is not { } status)
        {
            return TypedResults.NotFound();
        }

        var stream = OnboardingEvents.StreamId(id);
        var events = await db.Events.AsNoTracking()
            .Where(recorded => recorded.StreamId == stream)
            .OrderBy(recorded => recorded.OccurredAt).ThenBy(recorded => recorded.Id)
            .Select(recorded => new TimelineEntry(recorded.OccurredAt, recorded.Type, recorded.Actor, recorded.DataJson))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(events);
    }

    private static async Task<Results<Ok<AttemptResult>, ValidationProblem, NotFound, ProblemHttpResult>> GradeAsync(
        Guid id, GradeRequest request, ClaimsPrincipal user, HttpContext http, OnboardingDbContext db, OnboardingWorkflows workflows, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Required("skill", request.Skill, MaxIdLength)
            .Required("stepId", request.StepId, MaxIdLength)
            .AttemptId(request.AttemptId);
        if (request.Score is null)
        {
            errors.Add("score", "'score' is required.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var stored = await db.Applications.Where(application => application.Id == id).Select(application => (ApplicationStatus?)application.Status).SingleOrDefaultAsync(cancellationToken);
        if (stored is not { } status)
        {
            return TypedResults.NotFound();
        }

        var grade = new GradeSubmission($"manager/{user.Identity?.Name}", request.Skill!, request.StepId!, request.Score!.Value, request.AttemptId);
        var workflow = await workflows.HandleAsync(id, cancellationToken);
        return await OnboardingUpdates.ScoreAsync(() => workflow.ExecuteUpdateAsync(
            onboarding => onboarding.GradeAsync(grade), new() { Rpc = new() { CancellationToken = cancellationToken } }), "score", status, http.Response);
    }

    private static ApplicationSummary Summarize(Application application) => new(
        application.Id, application.Status, application.DisplayName, application.Email, application.City, application.Skills,
        application.Reason, application.SubmittedAt, application.UpdatedAt);

    private static string JsonNamingPolicyName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
