using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>The public application and confirmation endpoints: what they accept, refuse and reveal.</summary>
public sealed class ApplicationEndpointTests(OnboardingHostFixture fixture) : IClassFixture<OnboardingHostFixture>
{
    public static TheoryData<string, string> BadApplications() => new()
    {
        { "name", """{ "name": null }""" },
        { "name", $$"""{ "name": "{{new string('a', 201)}}" }""" },
        { "name", """{ "name": "Ada\u0007" }""" },
        { "email", """{ "email": null }""" },
        { "email", """{ "email": "not-an-email" }""" },
        { "email", """{ "email": "Ada <ada@example.test>" }""" },
        { "email", $$"""{ "email": "{{new string('a', 250)}}@example.test" }""" },
        { "phone", """{ "phone": null }""" },
        { "phone", """{ "phone": "015112345678" }""" },
        { "phone", """{ "phone": "+0151123456" }""" },
        { "phone", """{ "phone": "+49 151 1234567" }""" },
        { "phone", """{ "phone": "+1234567890123456" }""" },
        { "skills", """{ "skills": null }""" },
        { "skills", """{ "skills": [] }""" },
        { "skills[0]", """{ "skills": ["no-such-skill"] }""" },
        { "skills[0]", """{ "skills": [null] }""" },
        { "skills[1]", """{ "skills": ["{skill}", "{skill}"] }""" },
        { "skills", """{ "skills": ["a","b","c","d","e","f","g","h","i","j","k"] }""" },
        { "city", """{ "city": " " }""" },
        { "city", $$"""{ "city": "{{new string('c', 101)}}" }""" },
        { "skills", """{ "skills": "cookie-delivery" }""" },
    };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public async Task Apply_WithABadField_Answers400NamingIt_AndStoresNothing(string field, string change)
    {
        var email = OnboardingApi.UniqueEmail();
        var body = JsonNode.Parse($$"""{ "name": "Ada", "email": "{{email}}", "phone": "+4915112345678", "skills": ["{{fixture.Skill}}"], "city": "Berlin" }""")!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(change.Replace("{skill}", fixture.Skill, StringComparison.Ordinal))!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        using var client = fixture.Host.CreateClient();
        using var response = await client.PostAsync("/api/applications", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"'{field}' is not named in {problem.RootElement}");
        var storedEmail = body["email"]?.GetValue<string>()?.Trim().ToLowerInvariant();
        Assert.False(await fixture.Api.QueryAsync(db => db.Applications.AnyAsync(application => application.Email == storedEmail || application.Email == email)));
    }

    [Fact]
    public async Task Apply_WithSeveralBadFields_NamesEachOfThem()
    {
        using var client = fixture.Host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/applications", new { name = "", email = "x", phone = "12", skills = Array.Empty<string>(), city = "" });

        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["city", "email", "name", "phone", "skills"],
            problem.RootElement.GetProperty("errors").EnumerateObject().Select(property => property.Name).Order());
    }

    [Fact]
    public async Task Apply_BodyAboveTheEndpointLimit_Answers413_AndStoresNothing()
    {
        var email = OnboardingApi.UniqueEmail();
        using var client = fixture.Host.CreateClient();
        using var response = await client.PostAsJsonAsync(
            "/api/applications",
            new { name = new string('a', ApplicationEndpoints.MaxBodyBytes), email, phone = "+4915112345678", skills = new[] { fixture.Skill }, city = "Berlin" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(await fixture.Api.QueryAsync(db => db.Applications.AnyAsync(application => application.Email == email)));
    }

    [Fact]
    public async Task Apply_AgainForTheSameEmail_AnswersTheSame_AndNeverStartsASecondWorkflow()
    {
        var email = OnboardingApi.UniqueEmail();
        var workflowsBefore = await OnboardingWorkflowCountAsync();
        using var first = await fixture.Api.ApplyAsync(email, fixture.Skill);
        await fixture.Api.ConfirmationTokenAsync(email);
        using var second = await fixture.Api.ApplyAsync($"  {email.ToUpperInvariant()} ", fixture.Skill);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await fixture.Api.QueryAsync(db => db.Applications.CountAsync(application => application.Email == email)));
        Assert.Equal(workflowsBefore + 1, await OnboardingWorkflowCountAsync());
        Assert.Single(await fixture.Api.MessagesToAsync(email));
    }

    [Fact]
    public async Task Confirm_WithAWeakPassword_Answers400_AndTheLinkStillWorks_AndARepeatWithThePasswordGetsTheSameAnswer()
    {
        var email = OnboardingApi.UniqueEmail();
        using (var applied = await fixture.Api.ApplyAsync(email, fixture.Skill))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        var token = await fixture.Api.ConfirmationTokenAsync(email);
        using var weak = await fixture.Api.ConfirmAsync(token, "short");
        var accountAfterWeak = await FindAccountAsync(email);
        using var strong = await fixture.Api.ConfirmAsync(token, OnboardingApi.CandidatePassword);
        using var again = await fixture.Api.ConfirmAsync(token, OnboardingApi.CandidatePassword);
        using var otherPassword = await fixture.Api.ConfirmAsync(token, OnboardingApi.CandidatePassword + "-other");

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("\"password\"", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(accountAfterWeak);
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
        // A client that lost the answer and sends the same request again gets the same answer (failed before: 400).
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await strong.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, otherPassword.StatusCode);
        var account = await FindAccountAsync(email);
        Assert.NotNull(account);
        using var client = fixture.Host.CreateClient();
        Assert.False(string.IsNullOrEmpty((await PlatformHost.SignInAsync(client, email, OnboardingApi.CandidatePassword)).AccessToken));
        Assert.Equal(account.Id, await fixture.Api.QueryAsync(db => db.Applications.Where(application => application.Email == email).Select(application => application.AccountId).SingleAsync()));
        Assert.Null(await fixture.Api.QueryAsync(db => db.ConfirmationTokens.Where(stored => stored.TokenHash == Activities.Onboarding.Applications.ConfirmationTokens.Hash(token)).Select(stored => stored.PasswordHash).SingleAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Confirm_WithAnUnknownOrMalformedToken_Answers400NamingTheToken(string token)
    {
        using var response = await fixture.Api.ConfirmAsync(token, OnboardingApi.CandidatePassword);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("token", out _));
    }

    private async Task<PlatformUser?> FindAccountAsync(string email)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email);
    }

    private async Task<int> OnboardingWorkflowCountAsync()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        var count = 0;
        await foreach (var workflow in client.ListWorkflowsAsync($"WorkflowType = '{nameof(OnboardingWorkflow)}'"))
        {
            count++;
        }

        return count;
    }
}
