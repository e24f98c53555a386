using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// What a signed-in candidate does with their own application: read the tests (never the answer keys) and
/// submit attempts, scored synchronously by a workflow update. Another candidate's application is a 404.
/// </summary>
public static class CandidateEndpoints
{
    private const int MaxIdLength = 64;
    private const int MaxAnswers = 1000;

    public static IEndpointRouteBuilder MapCandidateEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var applications = endpoints.MapGroup("/api/applications").WithTags("Onboarding");
        applications.MapGet("/mine", GetMineAsync)
            .RequireRoles(PlatformRoles.Candidate)
            .WithSummary("The signed-in candidate's application and the current test of each assigned set (candidate).");
        applications.MapGet("/{id:guid}/tests", GetTestsAsync)
            .RequireRoles(PlatformRoles.Candidate)
            .WithSummary("The current test of each assigned set of one's own application, without answer keys (candidate).");
        applications.MapPost("/{id:guid}/attempts", SubmitAttemptAsync)
            .RequireRoles(PlatformRoles.Candidate)
            .WithSummary("Submit a quiz attempt of one's own application; the score comes back at once (candidate).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject
            {
                ["skill"] = "cookie-delivery",
                ["stepId"] = "basics-quiz",
                ["attemptId"] = "0b7e6a52-5a34-4f4e-9d55-1f2c3d4e5f60",
                ["answers"] = new JsonArray(
                    new JsonObject { ["questionId"] = "q1", ["choiceIds"] = new JsonArray("a") },
                    new JsonObject { ["questionId"] = "q2", ["choiceIds"] = new JsonArray("a", "b") }),
            });
        return endpoints;
    }

    private static async Task<Results<Ok<CandidateApplicationResponse>, NotFound>> GetMineAsync(
        ClaimsPrincipal user, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var accountId = AccountId(user);
        var application = await db.Applications.AsNoTracking()
            .Where(application => application.AccountId == accountId)
            .OrderByDescending(application => application.SubmittedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return application is null ? TypedResults.NotFound() : TypedResults.Ok(await DescribeAsync(application, db, cancellationToken));
    }

    private static async Task<Results<Ok<CandidateApplicationResponse>, NotFound>> GetTestsAsync(
        Guid id, ClaimsPrincipal user, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var application = await OwnApplicationAsync(id, user, db, cancellationToken);
        return application is null ? TypedResults.NotFound() : TypedResults.Ok(await DescribeAsync(application, db, cancellationToken));
    }

    private static async Task<Results<Ok<AttemptResult>, ValidationProblem, NotFound, ProblemHttpResult>> SubmitAttemptAsync(
        Guid id, AttemptRequest request, ClaimsPrincipal user, HttpContext http, OnboardingDbContext db, OnboardingWorkflows workflows, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await OwnApplicationAsync(id, user, db, cancellationToken) is not { } application)
        {
            return TypedResults.NotFound();
        }

        var submission = new AttemptSubmission(
            $"candidate/{AccountId(user):N}",
            request.Skill!,
            request.StepId!,
            [.. request.Answers!.Select(answer => new QuestionAnswer(answer!.QuestionId!, [.. answer.ChoiceIds!.Select(choice => choice!)]))],
            request.AttemptId);
        var workflow = await workflows.HandleAsync(id, cancellationToken);
        return await OnboardingUpdates.ScoreAsync(() => workflow.ExecuteUpdateAsync(
            onboarding => onboarding.SubmitAttemptAsync(submission), new() { Rpc = new() { CancellationToken = cancellationToken } }), "answers", application.Status, http.Response);
    }

    /// <summary>The shape only; whether the step, questions and choices exist is the workflow's update validator's call.</summary>
    private static ValidationErrors Validate(AttemptRequest request)
    {
        var errors = new ValidationErrors()
            .Required("skill", request.Skill, MaxIdLength)
            .Required("stepId", request.StepId, MaxIdLength)
            .AttemptId(request.AttemptId);
        if (request.Answers is not { Count: > 0 and <= MaxAnswers })
        {
            return errors.Add("answers", $"'answers' needs one entry per question (at most {MaxAnswers}).");
        }

        for (var index = 0; index < request.Answers.Count; index++)
        {
            var answer = request.Answers[index];
            if (answer is null || string.IsNullOrWhiteSpace(answer.QuestionId) || answer.QuestionId.Length > MaxIdLength)
            {
                errors.Add($"answers[{index}].questionId", "Each answer names its question.");
            }

            if (answer?.ChoiceIds is not { Count: > 0 and <= MaxAnswers } choices || choices.Any(choice => string.IsNullOrWhiteSpace(choice) || choice.Length > MaxIdLength))
            {
                errors.Add($"answers[{index}].choiceIds", "Each answer picks one or more choices by id.");
            }
        }

        return errors;
    }

    private static Task<Application?> OwnApplicationAsync(Guid id, ClaimsPrincipal user, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var accountId = AccountId(user);
        return db.Applications.AsNoTracking().SingleOrDefaultAsync(application => application.Id == id && application.AccountId == accountId, cancellationToken);
    }

    /// <summary>
    /// Read from the database, where the workflow stores each set's progress after every attempt; the answer
    /// to an attempt itself comes straight from the workflow. The pinned tree has the keys, the view does not.
    /// </summary>
    private static async Task<CandidateApplicationResponse> DescribeAsync(Application application, OnboardingDbContext db, CancellationToken cancellationToken)
    {
        var assignments = await db.TestSetAssignments.AsNoTracking()
            .Where(assignment => assignment.ApplicationId == application.Id)
            .OrderBy(assignment => assignment.Skill)
            .ToListAsync(cancellationToken);
        return new CandidateApplicationResponse(
            application.Id, application.Status, application.Skills, application.City, application.Reason, [.. assignments.Select(Describe)]);
    }

    private static TestSetProgress Describe(TestSetAssignmentRow assignment)
    {
        var program = TestSetProgram.Read(new PublishedTestSet(
            assignment.TestSetCode, assignment.Version, assignment.TestSetName, assignment.Skill, assignment.DefinitionJson));
        var current = assignment.CurrentStepId is { } stepId && program.FindTest(stepId) is { } test
            ? CandidateTests.Describe(test, assignment.AttemptsUsed, program.AttemptsPerTest)
            : null;
        return new TestSetProgress(
            assignment.Skill, assignment.TestSetCode, assignment.Version, assignment.TestSetName, assignment.Status, assignment.Deadline, assignment.Reason, current);
    }

    private static Guid AccountId(ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has no account id."));
}
