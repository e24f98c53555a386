using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>
/// A candidate at their tests whose onboarding workflow is lost (terminated by ops, or gone with a restarted in-memory
/// dev server) is resumed by the onboarding reconciliation from the journal: the attempts scored before count once and
/// keep their answers, the next attempt is scored, and the deadline still runs from when the tests began.
/// </summary>
public sealed class OnboardingReconciliationTests
{
    /// <summary>Long enough that nothing resumes a lost run until the test skips the dev server's clock past a pass.</summary>
    private const string HourlyReconciliation = "Onboarding:ReconciliationPeriod=01:00:00";
    private static readonly TimeSpan PastTheNextPass = TimeSpan.FromMinutes(61);

    [Fact]
    public async Task ATerminatedCandidateMidTests_IsAnswered503_ThenResumedWithTheAttemptsScoredBefore()
    {
        await using var host = await PlatformHost.StartAsync(HourlyReconciliation);
        var (api, skill, candidate) = await CandidateAsync(host, OnboardingTrees.Full(OnboardingTrees.Skill()));
        var firstId = Guid.NewGuid();
        var secondId = Guid.NewGuid();
        var first = await OnboardingApi.AnswerAsync(OnboardingApi.SubmitAsync(candidate, firstId, skill, "basics-quiz", OnboardingTrees.BasicsWrong));
        await JournalledAttemptsAsync(api, candidate, 1);

        await TerminateAsync(host, candidate);
        using var whileLost = await OnboardingApi.SubmitAsync(candidate, secondId, skill, "basics-quiz", OnboardingTrees.BasicsRight);
        await host.Temporal.SkipTimeAsync(PastTheNextPass);
        var second = await AcceptedOnceResumedAsync(() => OnboardingApi.SubmitAsync(candidate, secondId, skill, "basics-quiz", OnboardingTrees.BasicsRight));
        var firstAgain = await OnboardingApi.AnswerAsync(OnboardingApi.SubmitAsync(candidate, firstId, skill, "basics-quiz", OnboardingTrees.BasicsWrong));
        var graded = await api.GradedAsync(candidate.ApplicationId, skill, "delivery-practice", 8);
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileLost.StatusCode);
        Assert.NotNull(whileLost.Headers.RetryAfter);
        Assert.Equal((2, true, "delivery-practice"), (second.GetProperty("attempt").GetInt32(), second.GetProperty("passed").GetBoolean(), second.GetProperty("nextTest").GetProperty("stepId").GetString()));
        Assert.Equal(first.GetRawText(), firstAgain.GetRawText());
        Assert.Equal(TestSetStatus.Passed, graded.SetStatus);
        Assert.Equal(ApplicationStatus.Worker, outcome.Status);
        var timeline = await api.TimelineAsync(candidate.ApplicationId);
        Assert.Equal(3, timeline.Count(entry => entry.Type == OnboardingEvents.TestTaken));
        var resumed = Assert.Single(timeline, entry => entry.Type == OnboardingEvents.OnboardingResumed);
        Assert.Equal(("workflow terminated", 1), Resumption(resumed));
    }

    [Fact]
    public async Task ACandidateWhoseDeadlinePassedWhileTheRunWasLost_IsRejectedAtOnceOnResumption()
    {
        await using var host = await PlatformHost.StartAsync(HourlyReconciliation);
        var (api, skill, candidate) = await CandidateAsync(host, OnboardingTrees.QuizOnly(OnboardingTrees.Skill(), deadline: "PT72H"));
        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        await JournalledAttemptsAsync(api, candidate, 1);

        await TerminateAsync(host, candidate);
        // Past the deadline (72 h from when the tests began) and the reconciliation's next pass; nothing skips time again,
        // so the resumed run decides from the deadline it was given, not one counted from now.
        await host.Temporal.SkipTimeAsync(TimeSpan.FromHours(73));
        await Eventually.GetAsync(async () => (await api.TimelineAsync(candidate.ApplicationId)).Find(entry => entry.Type == OnboardingEvents.OnboardingResumed));
        var outcome = await api.OutcomeAsync(candidate.ApplicationId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.Contains("Deadline passed", outcome.Reason, StringComparison.Ordinal);
        var timeline = await api.TimelineAsync(candidate.ApplicationId);
        Assert.Single(timeline, entry => entry.Type == OnboardingEvents.TestTaken);
        Assert.Single(timeline, entry => entry.Type == OnboardingEvents.TestSetFailed && entry.Actor == OnboardingWorkflow.SystemActor);
        Assert.Equal(("workflow terminated", 1), Resumption(Assert.Single(timeline, entry => entry.Type == OnboardingEvents.OnboardingResumed)));
        var assignment = Assert.Single((await api.DetailAsync(candidate.ApplicationId)).TestSets);
        Assert.Equal(TestSetStatus.Failed, assignment.Status);
    }

    [Fact]
    public async Task ACandidateMidTests_OfARestartedDevServer_IsResumedAndTheNextAttemptCountsOnFromTheJournal()
    {
        await using var host = await PlatformHost.StartAsync("Onboarding:ReconciliationPeriod=00:00:01");
        var (api, skill, candidate) = await CandidateAsync(host, OnboardingTrees.Full(OnboardingTrees.Skill()));
        await OnboardingApi.SubmittedAsync(candidate, skill, "basics-quiz", OnboardingTrees.BasicsWrong);
        await JournalledAttemptsAsync(api, candidate, 1);

        await host.RestartTemporalAsync();
        var attemptId = Guid.NewGuid();
        var next = await AcceptedOnceResumedAsync(() => OnboardingApi.SubmitAsync(candidate, attemptId, skill, "basics-quiz", OnboardingTrees.BasicsWrong));
        var progress = await OnboardingApi.CurrentTestAsync(candidate, test => test.AttemptsUsed == 2);

        Assert.Equal((2, false, 1), (next.GetProperty("attempt").GetInt32(), next.GetProperty("passed").GetBoolean(), next.GetProperty("attemptsLeft").GetInt32()));
        Assert.Equal("basics-quiz", progress.StepId);
        var timeline = await api.TimelineAsync(candidate.ApplicationId);
        Assert.Equal(2, timeline.Count(entry => entry.Type == OnboardingEvents.TestTaken));
        Assert.Equal(("workflow not found", 1), Resumption(Assert.Single(timeline, entry => entry.Type == OnboardingEvents.OnboardingResumed)));
    }

    private static async Task<(OnboardingApi Api, string Skill, Candidate Candidate)> CandidateAsync(PlatformHost host, System.Text.Json.Nodes.JsonObject tree)
    {
        var api = await OnboardingApi.CreateAsync(host);
        var skill = tree["properties"]!["skill"]!.GetValue<string>();
        await api.PublishAsync(tree);
        return (api, skill, await api.CandidateTakingTestsAsync(skill));
    }

    /// <summary>Waits until the journal holds <paramref name="count"/> attempts: what a resumption rebuilds from.</summary>
    private static async Task JournalledAttemptsAsync(OnboardingApi api, Candidate candidate, int count) =>
        await Eventually.GetAsync(async () =>
        {
            var timeline = await api.TimelineAsync(candidate.ApplicationId);
            return timeline.Count(entry => entry.Type == OnboardingEvents.TestTaken) == count ? timeline : null;
        });

    private static async Task TerminateAsync(PlatformHost host, Candidate candidate)
    {
        var client = await host.Services.GetRequiredService<TemporalClientProvider>().GetClientAsync(CancellationToken.None);
        await client.GetWorkflowHandle(OnboardingWorkflow.WorkflowId(candidate.ApplicationId)).TerminateAsync("lost by ops");
    }

    /// <summary>Sends a submission again while it is answered 503 (the run lost and not yet resumed), as an app would.</summary>
    private static async Task<JsonElement> AcceptedOnceResumedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await send();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.True(DateTimeOffset.UtcNow < deadline, "The lost onboarding was not resumed within 30 s.");
            await Task.Delay(100);
        }
    }

    private static (string? Reason, int Attempts) Resumption(TimelineEntry resumed)
    {
        using var data = JsonDocument.Parse(resumed.Data!);
        return (data.RootElement.GetProperty("reason").GetString(), data.RootElement.GetProperty("attempts").GetInt32());
    }
}
