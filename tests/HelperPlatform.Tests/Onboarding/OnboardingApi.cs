using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Host.Platform.Notifications;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Management;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>Onboarding as its people use it: an applicant, a candidate, a manager and ops, over the real HTTP API.</summary>
internal sealed partial class OnboardingApi(PlatformHost host, HttpClient manager, HttpClient ops)
{
    public const string CandidatePassword = "a long candidate passphrase";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public PlatformHost Host => host;

    public HttpClient Manager => manager;

    public static async Task<OnboardingApi> CreateAsync(PlatformHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.WaitUntilReadyAsync();
        return new OnboardingApi(host, await host.CreateClientAsync(PlatformRoles.Manager), await host.CreateClientAsync(PlatformRoles.Ops));
    }

    public static string UniqueEmail() => $"candidate-{Guid.NewGuid():N}@example.test";

    /// <summary>Publishes <paramref name="tree"/> as a new test set; the host accepts its skill at once (PublishedSkillsTests).</summary>
    public async Task<string> PublishAsync(JsonObject tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var api = DefinitionApi.TestSets(host, manager);
        var code = TestSetTrees.UniqueCode("set");
        var draft = await api.CreateAsync(code, tree);
        await api.PublishedAsync(code, draft.Revision);
        return code;
    }

    public async Task<HttpResponseMessage> ApplyAsync(string email, params string[] skills)
    {
        using var anonymous = host.CreateClient();
        return await anonymous.PostAsJsonAsync("/api/applications", new { name = "Ada Candidate", email, phone = "+4915112345678", skills, city = "Berlin" });
    }

    /// <summary>Applies, follows the link from the recorded message, confirms and signs in: a candidate at their tests.</summary>
    public async Task<Candidate> CandidateTakingTestsAsync(params string[] skills)
    {
        var email = UniqueEmail();
        using (var applied = await ApplyAsync(email, skills))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        using (var confirmed = await ConfirmAsync(await ConfirmationTokenAsync(email), CandidatePassword))
        {
            Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        }

        var client = host.CreateClient();
        var token = await PlatformHost.SignInAsync(client, email, CandidatePassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var application = await Eventually.GetAsync(async () =>
        {
            var mine = await client.GetFromJsonAsync<CandidateApplicationResponse>("/api/applications/mine", Json);
            return mine is { Status: ApplicationStatus.Testing } ? mine : null;
        });
        return new Candidate(email, application!.Id, client);
    }

    public async Task<HttpResponseMessage> ConfirmAsync(string token, string password)
    {
        using var anonymous = host.CreateClient();
        return await anonymous.PostAsJsonAsync("/api/applications/confirm", new { token, password });
    }

    /// <summary>The token from the confirmation link in the message ops can read, once the workflow has sent it.</summary>
    public async Task<string> ConfirmationTokenAsync(string email)
    {
        var message = await Eventually.GetAsync(async () =>
            (await MessagesToAsync(email)).SingleOrDefault(message => message.Subject == "Confirm your application"));
        return TokenInLink().Match(message!.Body).Groups["token"].Value;
    }

    public async Task<List<NotificationView>> MessagesToAsync(string email) =>
        (await ops.GetFromJsonAsync<List<NotificationView>>($"/api/ops/notifications?recipient={Uri.EscapeDataString(email)}", Json))!;

    public static Task<HttpResponseMessage> SubmitAsync(Candidate candidate, string skill, string stepId, params (string Question, string[] Choices)[] answers) =>
        SubmitAsync(candidate, attemptId: null, skill, stepId, answers);

    public static async Task<HttpResponseMessage> SubmitAsync(
        Candidate candidate, Guid? attemptId, string skill, string stepId, params (string Question, string[] Choices)[] answers)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return await candidate.Client.PostAsJsonAsync(
            $"/api/applications/{candidate.ApplicationId}/attempts",
            new { skill, stepId, answers = answers.Select(answer => new { questionId = answer.Question, choiceIds = answer.Choices }), attemptId });
    }

    public static async Task<AttemptResult> SubmittedAsync(Candidate candidate, string skill, string stepId, params (string Question, string[] Choices)[] answers)
    {
        using var response = await SubmitAsync(candidate, skill, stepId, answers);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AttemptResult>(Json))!;
    }

    /// <summary>The 200 answer to a submission or grade, as sent (the raw JSON, to compare a repeat's with the first).</summary>
    public static async Task<JsonElement> AnswerAsync(Task<HttpResponseMessage> sending)
    {
        ArgumentNullException.ThrowIfNull(sending);
        using var response = await sending;
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> GradeAsync(Guid applicationId, string skill, string stepId, int score, Guid? attemptId = null) =>
        manager.PostAsJsonAsync($"/api/applications/{applicationId}/grades", new { skill, stepId, score, attemptId });

    public async Task<AttemptResult> GradedAsync(Guid applicationId, string skill, string stepId, int score)
    {
        using var response = await GradeAsync(applicationId, skill, stepId, score);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AttemptResult>(Json))!;
    }

    public static async Task<CandidateApplicationResponse> TestsAsync(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return (await candidate.Client.GetFromJsonAsync<CandidateApplicationResponse>($"/api/applications/{candidate.ApplicationId}/tests", Json))!;
    }

    /// <summary>The candidate's current test once the workflow has stored the progress <paramref name="reached"/> describes.</summary>
    public static async Task<CandidateTest> CurrentTestAsync(Candidate candidate, Func<CandidateTest, bool> reached) =>
        (await Eventually.GetAsync(async () =>
            (await TestsAsync(candidate)).TestSets.Single().CurrentTest is { } test && reached(test) ? test : null))!;

    public async Task<ApplicationDetail> DetailAsync(Guid applicationId) =>
        (await manager.GetFromJsonAsync<ApplicationDetail>($"/api/applications/{applicationId}", Json))!;

    public async Task<List<TimelineEntry>> TimelineAsync(Guid applicationId) =>
        (await manager.GetFromJsonAsync<List<TimelineEntry>>($"/api/applications/{applicationId}/timeline", Json))!;

    /// <summary>The workflow's own result: the process really ended, and how.</summary>
    public async Task<OnboardingOutcome> OutcomeAsync(Guid applicationId)
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address));
        var workflow = client.GetWorkflowHandle<OnboardingWorkflow>(OnboardingWorkflow.WorkflowId(applicationId));
        try
        {
            return await workflow.GetResultAsync<OnboardingOutcome>().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // A failing test must point at the cause: show where the workflow stopped.
            var history = await workflow.FetchHistoryAsync();
            Assert.Fail($"The onboarding did not end within 30 s; its history: {string.Join(", ", history.Events.Select(e => $"{e.EventId} {e.EventType}"))}");
            throw;
        }
    }

    public async Task<T> QueryAsync<T>(Func<OnboardingDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OnboardingDbContext>());
    }

    [GeneratedRegex(@"token=(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex TokenInLink();
}

internal sealed record Candidate(string Email, Guid ApplicationId, HttpClient Client);

internal static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> has an answer: workflows move on their own after an HTTP call returns.</summary>
    public static async Task<T?> GetAsync<T>(Func<Task<T?>> probe, int timeoutSeconds = 30)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No answer within {timeoutSeconds} s.");
            await Task.Delay(50);
        }
    }
}
