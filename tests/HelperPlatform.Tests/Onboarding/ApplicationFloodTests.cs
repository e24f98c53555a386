using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>The public endpoint under a flood: per-address budgets (forwarded addresses only via trusted proxies) and a concurrency cap.</summary>
public sealed class ApplicationFloodTests
{
    [Fact]
    public async Task Apply_OverTheAddressBudget_Answers429WithRetryAfter_StoresNothing_AndOtherAddressesStillApply()
    {
        await using var host = await PlatformHost.StartAsync(
            "RateLimits:Anonymous:PermitsPerWindow=2", "RateLimits:Anonymous:Window=00:10:00", "Http:TrustedProxies:0=127.0.0.1");
        var api = await OnboardingApi.CreateAsync(host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill));

        var flood = new List<(string Email, HttpStatusCode Status)>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var email = OnboardingApi.UniqueEmail();
            using var response = await ApplyFromAsync(host, "203.0.113.7", email, skill);
            flood.Add((email, response.StatusCode));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        var legitimate = OnboardingApi.UniqueEmail();
        using var fromElsewhere = await ApplyFromAsync(host, "198.51.100.20", legitimate, skill);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], flood.Select(request => request.Status));
        Assert.Equal(HttpStatusCode.Accepted, fromElsewhere.StatusCode);
        var rejectedEmails = flood.Skip(2).Select(request => request.Email).ToList();
        Assert.False(await api.QueryAsync(db => db.Applications.AnyAsync(application => rejectedEmails.Contains(application.Email!))));
        Assert.True(await api.QueryAsync(db => db.Applications.AnyAsync(application => application.Email == legitimate)));
    }

    [Fact]
    public async Task Apply_WithAForwardedAddressFromAnUntrustedPeer_CountsAgainstThePeer()
    {
        await using var host = await PlatformHost.StartAsync("RateLimits:Anonymous:PermitsPerWindow=4", "RateLimits:Anonymous:Window=00:10:00");
        // The manager's and ops' sign-ins use 2 of the loopback address's 4 permits.
        var api = await OnboardingApi.CreateAsync(host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill));

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await ApplyFromAsync(host, $"203.0.113.{attempt + 1}", OnboardingApi.UniqueEmail(), skill);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Apply_AboveTheConcurrencyCap_Answers429_AndEveryOtherRequestIsAccepted()
    {
        await using var host = await PlatformHost.StartAsync("RateLimits:AnonymousConcurrency:PermitLimit=1", "RateLimits:AnonymousConcurrency:QueueLimit=0");
        var api = await OnboardingApi.CreateAsync(host);
        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill));

        var emails = Enumerable.Range(0, 24).Select(_ => OnboardingApi.UniqueEmail()).ToList();
        var responses = await Task.WhenAll(emails.Select(email => ApplyFromAsync(host, "127.0.0.1", email, skill)));
        var statuses = responses.Select(response => response.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, status.ToString()));
        Assert.Equal(statuses.Count(status => status == HttpStatusCode.Accepted), await api.QueryAsync(db => db.Applications.CountAsync(application => emails.Contains(application.Email!))));
    }

    private static async Task<HttpResponseMessage> ApplyFromAsync(PlatformHost host, string forwardedFor, string email, string skill)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = JsonContent.Create(new { name = "Ada Candidate", email, phone = "+4915112345678", skills = new[] { skill }, city = "Berlin" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
