using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Management;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>Applications from the public form to the worker pool or to rejection, through the real workflow.</summary>
public sealed class OnboardingJourneyTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Onboarding_PassingQuizAndGradedTask_AddsTheCandidateToTheWorkerPool()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        var code = await api.PublishAsync(OnboardingTrees.Full(skill));
        var candidate = await api.CandidateTakingTestsAsync(skill);

        var quiz = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        var task = await OnboardingApi.CurrentTestAsync(candidate, test => test.StepId == "delivery-practice");
        var graded = await api.GradedAsync(candidate.ApplicationId, skill, "delivery-practice", 8);
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);

        Assert.Equal((3, 2, true, TestSetStatus.InProgress), (quiz.Score, quiz.PassScore, quiz.Passed, quiz.SetStatus));
        Assert.Equal(("delivery-practice", "practicalTask", 10, 7), (task.StepId, task.Type, task.MaxScore, task.PassScore));
        Assert.Equal((8, true, TestSetStatus.Passed), (graded.Score, graded.Passed, graded.SetStatus));
        Assert.Equal(ApplicationStatus.Worker, outcome.Status);
        Assert.Equal([skill], outcome.GrantedSkills);

        var member = await api.QueryAsync(db => db.WorkerPool.SingleAsync(member => member.ApplicationId == candidate.ApplicationId));
        Assert.Equal("Berlin", member.City);
        Assert.Equal([skill], member.Skills);
        Assert.Equal(ApplicationStatus.Worker, (await api.DetailAsync(candidate.ApplicationId)).Application.Status);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            var account = await users.FindByEmailAsync(candidate.Email);
            Assert.Equal(member.AccountId, account!.Id);
            Assert.Equal([PlatformRoles.Candidate, PlatformRoles.Worker], (await users.GetRolesAsync(account)).Order());
        }

        Assert.Contains(await api.MessagesToAsync(candidate.Email), message =>
            message.Subject == "Welcome to the worker pool" && message.Body.Contains(skill, StringComparison.Ordinal) && message.Body.Contains("Log in again", StringComparison.Ordinal));
        // The candidate's token predates the worker role: refused with the way out, which works.
        using var withOldToken = await candidate.Client.GetAsync("/api/workers/me");
        var refusal = await withOldToken.Content.ReadFromJsonAsync<JsonElement>();
        using var signedInAgain = fixture.Host.CreateClient();
        var newToken = await PlatformHost.SignInAsync(signedInAgain, candidate.Email, OnboardingApi.CandidatePassword);
        signedInAgain.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", newToken.AccessToken);
        using var withNewToken = await signedInAgain.GetAsync("/api/workers/me");
        Assert.Equal(HttpStatusCode.Forbidden, withOldToken.StatusCode);
        Assert.Contains("log in again", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([PlatformRoles.Worker], refusal.GetProperty("requiredRoles").EnumerateArray().Select(role => role.GetString()));
        Assert.Equal(HttpStatusCode.OK, withNewToken.StatusCode);
        var timeline = await api.TimelineAsync(candidate.ApplicationId);
        Assert.Equal(
            ["ApplicationSubmitted", "ConfirmationLinkSent", "ApplicationConfirmed", "TestSetAssigned", "TestTaken", "TestPassed", "TestTaken", "TestPassed", "SkillGranted", "AddedToWorkerPool"],
            timeline.Select(entry => entry.Type));
        Assert.Equal($"manager/{PlatformRoles.Manager}@staff.test", timeline[6].Actor);
        Assert.Equal($"candidate/{member.AccountId:N}", timeline[4].Actor);
        using var assigned = JsonDocument.Parse(timeline[3].Data!);
        Assert.Equal((code, 1), (assigned.RootElement.GetProperty("testSet").GetString(), assigned.RootElement.GetProperty("version").GetInt32()));
        Assert.True(timeline.Zip(timeline.Skip(1)).All(pair => pair.First.OccurredAt <= pair.Second.OccurredAt));
    }

    [Fact]
    public async Task Quiz_FailedThenPassedOnRetry_GrantsTheSkill()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill, attemptsPerTest: 3));
        var candidate = await api.CandidateTakingTestsAsync(skill);

        var failed = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        var retry = await OnboardingApi.CurrentTestAsync(candidate, test => test.AttemptsUsed == 1);
        var passed = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsRight);

        Assert.Equal((1, 1, false, 2, TestSetStatus.InProgress), (failed.Attempt, failed.Score, failed.Passed, failed.AttemptsLeft, failed.SetStatus));
        Assert.Equal(("basics-quiz", 1, 3), (retry.StepId, retry.AttemptsUsed, retry.AttemptsAllowed));
        Assert.Equal((2, 3, true, TestSetStatus.Passed), (passed.Attempt, passed.Score, passed.Passed, passed.SetStatus));
        Assert.Null(passed.NextTest);
        Assert.Equal(ApplicationStatus.Worker, (await api.OutcomeAsync(candidate.ApplicationId)).Status);
        var events = (await api.TimelineAsync(candidate.ApplicationId)).Select(entry => entry.Type).ToList();
        Assert.Equal(["TestTaken", "TestFailed", "TestTaken", "TestPassed", "SkillGranted"], events.SkipWhile(type => type != "TestTaken").TakeWhile(type => type != "AddedToWorkerPool"));
    }

    [Fact]
    public async Task Quiz_AttemptsExhausted_RejectsTheApplicationWithTheReason()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill, attemptsPerTest: 2));
        var candidate = await api.CandidateTakingTestsAsync(skill);

        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        var last = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        using var afterTheEnd = await OnboardingApi.SubmitAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);

        Assert.Equal((0, TestSetStatus.Failed), (last.AttemptsLeft, last.SetStatus));
        Assert.Equal(HttpStatusCode.Conflict, afterTheEnd.StatusCode);
        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.Empty(outcome.GrantedSkills);
        Assert.Contains("Attempts exhausted at 'Cookie basics'", outcome.Reason, StringComparison.Ordinal);
        var stored = await api.QueryAsync(db => db.Applications.SingleAsync(application => application.Id == candidate.ApplicationId));
        Assert.Equal((ApplicationStatus.Rejected, outcome.Reason), (stored.Status, stored.Reason));
        Assert.False(await api.QueryAsync(db => db.WorkerPool.AnyAsync(member => member.ApplicationId == candidate.ApplicationId)));
        Assert.Contains(await api.MessagesToAsync(candidate.Email), message => message.Subject == "Your application" && message.Body.Contains("Attempts exhausted", StringComparison.Ordinal));
        var assignment = Assert.Single((await api.DetailAsync(candidate.ApplicationId)).TestSets);
        Assert.Equal(TestSetStatus.Failed, assignment.Status);
    }

    [Fact]
    public async Task FailedQuizWithABranch_LeadsToTheRemedialQuiz_AndOnToThePracticalTask()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.Full(skill, attemptsPerTest: 1));
        var candidate = await api.CandidateTakingTestsAsync(skill);

        var failed = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        var remedial = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-remedial", OnboardingTrees.RemedialRight);
        var graded = await api.GradedAsync(candidate.ApplicationId, skill, "delivery-practice", 7);

        Assert.Equal((false, TestSetStatus.InProgress), (failed.Passed, failed.SetStatus));
        Assert.Equal(("basics-remedial", "Cookie basics, second chance"), (failed.NextTest!.StepId, failed.NextTest.Name));
        Assert.Equal("delivery-practice", remedial.NextTest!.StepId);
        Assert.Equal((7, true, TestSetStatus.Passed), (graded.Score, graded.Passed, graded.SetStatus));
        Assert.Equal(ApplicationStatus.Worker, (await api.OutcomeAsync(candidate.ApplicationId)).Status);
    }

    [Fact]
    public async Task PracticalTask_GradedBelowThePassScore_UsesAnAttempt_AndAGradeOutOfRangeIsRefused()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.Full(skill, attemptsPerTest: 2));
        var candidate = await api.CandidateTakingTestsAsync(skill);
        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsRight);

        using var outOfRange = await api.GradeAsync(candidate.ApplicationId, skill, "delivery-practice", 11);
        using var wrongStep = await api.GradeAsync(candidate.ApplicationId, skill, "basics-quiz", 5);
        var low = await api.GradedAsync(candidate.ApplicationId, skill, "delivery-practice", 6);
        var enough = await api.GradedAsync(candidate.ApplicationId, skill, "delivery-practice", 10);

        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("from 0 to 10", await outOfRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongStep.StatusCode);
        Assert.Equal((1, 6, false, 1), (low.Attempt, low.Score, low.Passed, low.AttemptsLeft));
        Assert.Equal((2, true, TestSetStatus.Passed), (enough.Attempt, enough.Passed, enough.SetStatus));
        Assert.Equal(ApplicationStatus.Worker, (await api.OutcomeAsync(candidate.ApplicationId)).Status);
    }

    [Fact]
    public async Task AttemptAndGrade_SentAgainUnderTheirId_GetTheFirstAnswerAndCountOnce_AndAnIdUsedForOtherAnswersIsRefused()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.Full(skill, attemptsPerTest: 2));
        var candidate = await api.CandidateTakingTestsAsync(skill);
        var attemptId = Guid.NewGuid();
        var gradeId = Guid.NewGuid();

        var first = await OnboardingApi.AnswerAsync(OnboardingApi.SubmitAsync(candidate, attemptId, skill, "basics-quiz", OnboardingTrees.BasicsWrong));
        var again = await OnboardingApi.AnswerAsync(OnboardingApi.SubmitAsync(candidate, attemptId, skill, "basics-quiz", OnboardingTrees.BasicsWrong));
        using var otherAnswers = await OnboardingApi.SubmitAsync(candidate, attemptId, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        using var emptyId = await OnboardingApi.SubmitAsync(candidate, Guid.Empty, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        var passed = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        // The quiz is behind the candidate now; a late retry of the first attempt still gets its answer.
        var late = await OnboardingApi.AnswerAsync(OnboardingApi.SubmitAsync(candidate, attemptId, skill, "basics-quiz", OnboardingTrees.BasicsWrong));
        var graded = await OnboardingApi.AnswerAsync(api.GradeAsync(candidate.ApplicationId, skill, "delivery-practice", 6, gradeId));
        var gradedAgain = await OnboardingApi.AnswerAsync(api.GradeAsync(candidate.ApplicationId, skill, "delivery-practice", 6, gradeId));
        var progress = await OnboardingApi.CurrentTestAsync(candidate, test => test.StepId == "delivery-practice");

        Assert.Equal((1, false, 1), (first.GetProperty("attempt").GetInt32(), first.GetProperty("passed").GetBoolean(), first.GetProperty("attemptsLeft").GetInt32()));
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal(first.GetRawText(), late.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, otherAnswers.StatusCode);
        Assert.Contains("was used for another submission", (await DefinitionApi.ProblemAsync(otherAnswers)).GetProperty("errors").GetProperty("attemptId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, emptyId.StatusCode);
        Assert.True((await DefinitionApi.ProblemAsync(emptyId)).GetProperty("errors").TryGetProperty("attemptId", out _));
        Assert.Equal((2, true), (passed.Attempt, passed.Passed));
        Assert.Equal((1, false), (graded.GetProperty("attempt").GetInt32(), graded.GetProperty("passed").GetBoolean()));
        Assert.Equal(graded.GetRawText(), gradedAgain.GetRawText());
        Assert.Equal(1, progress.AttemptsUsed);
        Assert.Equal(3, (await api.TimelineAsync(candidate.ApplicationId)).Count(entry => entry.Type == "TestTaken"));
    }

    [Fact]
    public async Task NewVersionPublishedMidOnboarding_DoesNotChangeTheAssignedVersion()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        var tree = OnboardingTrees.QuizOnly(skill);
        var code = await api.PublishAsync(tree);
        var candidate = await api.CandidateTakingTestsAsync(skill);

        var testSets = Management.DefinitionApi.TestSets(fixture.Host, api.Manager);
        tree["sequence"]![0]!["properties"]!["passScore"] = 3;
        tree["sequence"]![0]!["name"] = "Cookie basics, stricter";
        using (var edited = await testSets.UpdateAsync(code, 1, tree))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        var version2 = await testSets.PublishedAsync(code, 2);
        var shown = (await OnboardingApi.TestsAsync(candidate)).TestSets.Single();
        var attempt = await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", [("q1", ["b"]), ("q2", ["a", "b"])]);

        Assert.Equal(2, version2.Version);
        Assert.Equal((code, 1, "Cookie basics", 2), (shown.TestSetCode, shown.Version, shown.CurrentTest!.Name, shown.CurrentTest.PassScore));
        Assert.Equal((2, true), (attempt.Score, attempt.Passed));
        var assignment = Assert.Single((await api.DetailAsync(candidate.ApplicationId)).TestSets);
        Assert.Equal((code, 1), (assignment.TestSetCode, assignment.Version));
    }

    [Fact]
    public async Task Deadline_PassingWithoutFinishing_RejectsTheApplicationWithoutRealSleeping()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill, deadline: "PT72H"));
        var candidate = await api.CandidateTakingTestsAsync(skill);
        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);

        await fixture.Host.SkipPastTimerAsync(OnboardingWorkflow.WorkflowId(candidate.ApplicationId), TimeSpan.FromHours(73));
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.Contains("Deadline passed", outcome.Reason, StringComparison.Ordinal);
        var assignment = Assert.Single((await api.DetailAsync(candidate.ApplicationId)).TestSets);
        Assert.Equal(TestSetStatus.Failed, assignment.Status);
        Assert.Contains(await api.TimelineAsync(candidate.ApplicationId), entry => entry.Type == "TestSetFailed" && entry.Actor == OnboardingWorkflow.SystemActor);
    }

    [Fact]
    public async Task UnconfirmedApplication_Expires_IsCleanedUp_AndFreesTheEmail()
    {
        var api = await OnboardingApi.CreateAsync(fixture.Host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill));
        var email = OnboardingApi.UniqueEmail();
        using (var applied = await api.ApplyAsync(email, skill))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        var token = await api.ConfirmationTokenAsync(email);
        var applicationId = await api.QueryAsync(db => db.Applications.Where(application => application.Email == email).Select(application => application.Id).SingleAsync());

        await fixture.Host.SkipPastTimerAsync(OnboardingWorkflow.WorkflowId(applicationId), TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
        var outcome = await api.OutcomeAsync(applicationId);
        using var late = await api.ConfirmAsync(token, OnboardingApi.CandidatePassword);
        using var again = await api.ApplyAsync(email, skill);

        Assert.Equal(ApplicationStatus.Expired, outcome.Status);
        var expired = await api.QueryAsync(db => db.Applications.SingleAsync(application => application.Id == applicationId));
        Assert.Equal((ApplicationStatus.Expired, null, null, null), (expired.Status, expired.Email, expired.DisplayName, expired.Phone));
        Assert.False(await api.QueryAsync(db => db.ConfirmationTokens.AnyAsync(stored => stored.ApplicationId == applicationId)));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(1, await api.QueryAsync(db => db.Applications.CountAsync(application => application.Email == email)));
    }
}
