using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Onboarding;

/// <summary>An attempt's or grade's update outcome as an HTTP answer.</summary>
internal static class UpdateAnswers
{
    /// <param name="field">The request field a refused submission is blamed on.</param>
    public static Results<Ok<AttemptResult>, ValidationProblem, NotFound, ProblemHttpResult> From(UpdateOutcome<AttemptResult> outcome, string field) =>
        outcome switch
        {
            { Succeeded: true } => TypedResults.Ok(outcome.Result!),
            { FailureType: OnboardingWorkflow.InvalidSubmissionFailure } => new ValidationErrors().Add(field, outcome.FailureMessage!).ToProblem(),
            _ => TypedResults.Problem(outcome.FailureMessage, statusCode: StatusCodes.Status409Conflict, title: "The test is not open."),
        };
}
