using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>
/// Determinism of the onboarding workflow: applications driven through the real API to the worker pool or to
/// rejection, their closed histories replayed against the current code, and a recorded history of a passed
/// onboarding that ran with earlier code replayed on every run, so a change that would break applications already
/// running fails the build (docs/onboarding.md, "Changing the workflow").
/// </summary>
public sealed class OnboardingReplayTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    /// <summary>The passed onboarding's history, recorded in <c>Onboarding/Histories</c>.</summary>
    private const string RecordedPassedOnboarding = "passed-onboarding.json";

    [Fact]
    public async Task PassedOnboarding_WithAQuizAndAManagersGrade_ReplaysItsHistory()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.Full(skill));
        var candidate = await api.CandidateTakingTestsAsync(skill);
        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        await api.GradedAsync(candidate.ApplicationId, skill, "delivery-practice", 8);
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        var history = await replay.ClosedHistoryAsync(OnboardingWorkflow.WorkflowId(candidate.ApplicationId));

        Assert.Equal(ApplicationStatus.Worker, outcome.Status);
        await replay.AssertReplaysAsync(history);
        AssertPassedOnboarding(history);
        await WorkflowReplay.RecordOnRequestAsync(history, BoundedContext.Onboarding, RecordedPassedOnboarding);
    }

    [Fact]
    public async Task RecordedPassedOnboarding_ReplaysAgainstTheCurrentOnboardingWorkflow()
    {
        var recorded = await WorkflowReplay.RecordedAsync(BoundedContext.Onboarding, RecordedPassedOnboarding);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);

        await replay.AssertReplaysAsync(recorded);

        AssertPassedOnboarding(recorded);
    }

    [Fact]
    public async Task OnboardingPastItsDeadline_ReplaysTheFiredTimerAndTheRejection()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill, deadline: "PT72H"));
        var candidate = await api.CandidateTakingTestsAsync(skill);
        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        var replay = await WorkflowReplay.CreateAsync(fixture.Host);
        var workflowId = OnboardingWorkflow.WorkflowId(candidate.ApplicationId);
        await fixture.Host.SkipPastTimerAsync(workflowId, TimeSpan.FromHours(73));
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);

        var history = await replay.ClosedHistoryAsync(workflowId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        await replay.AssertReplaysAsync(history);
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(["Confirm", "SubmitAttempt"], WorkflowReplay.AcceptedUpdates(history));
        Assert.Contains(history.Events, e => e.EventType == EventType.TimerFired);
        Assert.Equal(
            ["SendConfirmationLink", "ConfirmApplication", "FindPublishedTestSetForSkill",
             "AssignTestSets", "RejectApplication", "SendNotification"],
            Steps(history));
    }

    /// <summary>
    /// The shape of the passed onboarding, live or recorded: the confirmation, the quiz attempt and the manager's grade
    /// as updates, and the steps from the confirmation link to the worker pool and the welcome.
    /// </summary>
    private static void AssertPassedOnboarding(WorkflowHistory history)
    {
        Assert.Equal(EventType.WorkflowExecutionCompleted, WorkflowReplay.ClosingEvent(history));
        Assert.Equal(["Confirm", "SubmitAttempt", "Grade"], WorkflowReplay.AcceptedUpdates(history));
        Assert.Equal(
            ["SendConfirmationLink", "ConfirmApplication", "FindPublishedTestSetForSkill",
             "AssignTestSets", "AddToWorkerPool", "SendNotification"],
            Steps(history));
    }

    /// <summary>The activities that move the application on, without the journal and progress records that follow each step.</summary>
    private static IEnumerable<string> Steps(WorkflowHistory history) =>
        WorkflowReplay.Activities(history).Where(type => type is not "RecordSeedEvent" and not "RecordTestSetProgress");
}
