using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// Runs a candidate's attempt or a manager's grade on the onboarding workflow and answers its refusals
/// (<see cref="OnboardingRefusals"/>) over HTTP: a refused submission is a 400 naming the field it is blamed on (an
/// attempt id used for another submission, <c>attemptId</c>), an application that is not taking tests (or whose
/// onboarding has ended) a 409. An application still testing whose workflow Temporal lost is a 503: the onboarding
/// reconciliation resumes it within its period, and the same submission sent again is then scored.
/// </summary>
internal static class OnboardingUpdates
{
    /// <param name="field">The request field a refused submission is blamed on.</param>
    /// <param name="stored">The application's status as its row had it before the update.</param>
    public static async Task<Results<Ok<AttemptResult>, ValidationProblem, NotFound, ProblemHttpResult>> ScoreAsync(
        Func<Task<AttemptResult>> update, string field, ApplicationStatus stored, HttpResponse response)
    {
        var outcome = await WorkflowUpdates.TryAsync(update);
        return outcome switch
        {
            { Succeeded: true } => TypedResults.Ok(outcome.Result!),
            { Refusal: { ErrorType: OnboardingRefusals.InvalidSubmission } refusal } => new ValidationErrors().Add(field, refusal.Message).ToProblem(),
            { Refusal: { ErrorType: OnboardingRefusals.ReusedAttemptId } refusal } => new ValidationErrors().Add("attemptId", refusal.Message).ToProblem(),
            { WorkflowClosed: true } when stored == ApplicationStatus.Testing => ServiceUnavailableAnswer.Problem(
                response, "Temporal", "Temporal lost this onboarding's run; it is being resumed from its journal. Send the same submission again shortly."),
            _ => TypedResults.Problem(
                outcome.Refusal?.Message ?? "The onboarding of this application has ended.", statusCode: StatusCodes.Status409Conflict, title: "The test is not open."),
        };
    }

    /// <summary>An attempt's or a grade's optional id: when sent, a non-empty UUID.</summary>
    public static ValidationErrors AttemptId(this ValidationErrors errors, Guid? attemptId) => attemptId == Guid.Empty
        ? errors.Add("attemptId", "'attemptId' is optional; when sent, it is a non-empty UUID the app makes for the attempt and sends again with every retry of it.")
        : errors;
}
