using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.EntityFrameworkCore;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>Who sees and changes what: candidates only their own application and never an answer key; managers grade and read.</summary>
public sealed class OnboardingAccessTests(OnboardingHostFixture fixture) : IClassFixture<OnboardingHostFixture>
{
    [Fact]
    public async Task Candidate_ReadingTheirTests_SeesQuestionsButNoAnswerKey()
    {
        var candidate = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);

        var json = await candidate.Client.GetStringAsync($"/api/applications/{candidate.ApplicationId}/tests");
        var tests = await OnboardingApi.TestsAsync(candidate);

        var quiz = tests.TestSets.Single().CurrentTest!;
        Assert.Equal(("basics-quiz", 2), (quiz.StepId, quiz.Questions!.Count));
        Assert.Equal(["a", "b", "c"], quiz.Questions[1].Choices.Select(choice => choice.Id));
        Assert.DoesNotContain("correct", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("definition", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Candidate_ReadingOrAnsweringAnotherCandidatesApplication_Gets404_AndChangesNothing()
    {
        var owner = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);
        var other = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);

        using var read = await other.Client.GetAsync($"/api/applications/{owner.ApplicationId}/tests");
        using var answer = await OnboardingApi.SubmitAsync(other with { ApplicationId = owner.ApplicationId }, fixture.Skill, "basics-quiz", OnboardingTrees.BasicsRight);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, answer.StatusCode));
        var assignment = await fixture.Api.QueryAsync(db => db.TestSetAssignments.SingleAsync(stored => stored.ApplicationId == owner.ApplicationId));
        Assert.Equal((0, "basics-quiz"), (assignment.AttemptsUsed, assignment.CurrentStepId));
    }

    [Fact]
    public async Task Candidate_MayNotGradeListOrReadTimelines()
    {
        var candidate = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);

        using var grade = await candidate.Client.PostAsJsonAsync($"/api/applications/{candidate.ApplicationId}/grades", new { skill = fixture.Skill, stepId = "delivery-practice", score = 10 });
        using var timeline = await candidate.Client.GetAsync($"/api/applications/{candidate.ApplicationId}/timeline");
        using var list = await candidate.Client.GetAsync("/api/applications");
        using var detail = await candidate.Client.GetAsync($"/api/applications/{candidate.ApplicationId}");
        using var testSet = await candidate.Client.GetAsync("/api/test-sets");

        Assert.All([grade, timeline, list, detail, testSet], response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
    }

    [Fact]
    public async Task Manager_ListsApplicationsByStatus_AndSeesThePinnedVersion()
    {
        var candidate = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);

        var testing = await fixture.Api.Manager.GetFromJsonAsync<List<Host.Onboarding.ApplicationSummary>>("/api/applications?status=testing&take=200", OnboardingApi.Json);
        var worker = await fixture.Api.Manager.GetFromJsonAsync<List<Host.Onboarding.ApplicationSummary>>("/api/applications?status=worker", OnboardingApi.Json);
        using var badStatus = await fixture.Api.Manager.GetAsync("/api/applications?status=hired");
        var detail = await fixture.Api.DetailAsync(candidate.ApplicationId);

        Assert.Contains(testing!, application => application.Id == candidate.ApplicationId && application.Email == candidate.Email);
        Assert.All(testing!, application => Assert.Equal(ApplicationStatus.Testing, application.Status));
        Assert.DoesNotContain(worker!, application => application.Id == candidate.ApplicationId);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        var assignment = Assert.Single(detail.TestSets);
        Assert.Equal((fixture.Skill, 1, TestSetStatus.InProgress), (assignment.Skill, assignment.Version, assignment.Status));
    }

    [Fact]
    public async Task Submission_TheValidatorRefuses_Answers400_WithoutTouchingTheWorkflowHistory()
    {
        var candidate = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        var workflow = client.GetWorkflowHandle(OnboardingWorkflow.WorkflowId(candidate.ApplicationId));
        var updatesBefore = await UpdateEventCountAsync(workflow);

        using var unknownQuestion = await OnboardingApi.SubmitAsync(candidate, fixture.Skill, "basics-quiz", ("q1", ["a"]), ("q9", ["a"]));
        using var unknownChoice = await OnboardingApi.SubmitAsync(candidate, fixture.Skill, "basics-quiz", ("q1", ["z"]), ("q2", ["a"]));
        using var missingQuestion = await OnboardingApi.SubmitAsync(candidate, fixture.Skill, "basics-quiz", ("q1", ["a"]));
        using var notCurrent = await OnboardingApi.SubmitAsync(candidate, fixture.Skill, "basics-remedial", OnboardingTrees.RemedialRight);
        using var practical = await OnboardingApi.SubmitAsync(candidate, fixture.Skill, "delivery-practice", ("q1", ["a"]));
        using var otherSkill = await OnboardingApi.SubmitAsync(candidate, "no-such-skill", "basics-quiz", OnboardingTrees.BasicsRight);

        Assert.All(
            [unknownQuestion, unknownChoice, missingQuestion, notCurrent, practical, otherSkill],
            response => Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode));
        Assert.Contains("no question 'q9'", await unknownQuestion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(updatesBefore, await UpdateEventCountAsync(workflow));
        var assignment = await fixture.Api.QueryAsync(db => db.TestSetAssignments.SingleAsync(stored => stored.ApplicationId == candidate.ApplicationId));
        Assert.Equal(0, assignment.AttemptsUsed);
        Assert.DoesNotContain(await fixture.Api.TimelineAsync(candidate.ApplicationId), entry => entry.Type == "TestTaken");
    }

    [Fact]
    public async Task Manager_MayNotSubmitACandidatesAttempt()
    {
        var candidate = await fixture.Api.CandidateTakingTestsAsync(fixture.Skill);

        using var response = await OnboardingApi.SubmitAsync(candidate with { Client = fixture.Api.Manager }, fixture.Skill, "basics-quiz", OnboardingTrees.BasicsRight);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await fixture.Api.QueryAsync(db => db.TestSetAssignments.Where(stored => stored.ApplicationId == candidate.ApplicationId).Select(stored => stored.AttemptsUsed).SingleAsync()));
    }

    private static async Task<int> UpdateEventCountAsync(WorkflowHandle workflow) =>
        (await workflow.FetchHistoryAsync()).Events.Count(e => e.EventType is EventType.WorkflowExecutionUpdateAccepted or EventType.WorkflowExecutionUpdateCompleted);
}
