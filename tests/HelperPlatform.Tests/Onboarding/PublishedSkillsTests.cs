using System.Diagnostics;
using System.Net;
using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>
/// When candidates may apply for a newly published skill (docs/onboarding.md, "Apply"): at once when the test set
/// was published in the same process, within the periodic refresh when Management runs in another process.
/// </summary>
public sealed class PublishedSkillsTests
{
    [Fact]
    public async Task PublishedTestSet_IsAcceptedAtOnceInItsOwnProcess_AndWithinTheRefreshInAnother()
    {
        // A refresh period this long leaves only the publish's own announcement to explain an acceptance in host A.
        await using var management = await PlatformHost.StartAsync("Onboarding:PublishedSkillsRefresh=01:00:00");
        await using var onboarding = await PlatformHost.StartAsync(
            $"ConnectionStrings:Platform={management.ConnectionString}", $"Temporal:Address={management.Temporal.Address}", "Platform:Contexts=Onboarding");
        await onboarding.WaitUntilReadyAsync();
        var api = await OnboardingApi.CreateAsync(management);
        var elsewhere = await OnboardingApi.CreateAsync(onboarding);

        var skill = OnboardingTrees.Skill();
        await api.PublishAsync(OnboardingTrees.QuizOnly(skill));
        using var here = await api.ApplyAsync(OnboardingApi.UniqueEmail(), skill);
        var published = Stopwatch.StartNew();
        HttpStatusCode there;
        do
        {
            using var applied = await elsewhere.ApplyAsync(OnboardingApi.UniqueEmail(), skill);
            there = applied.StatusCode;
            Assert.True(there is HttpStatusCode.Accepted or HttpStatusCode.BadRequest, $"Unexpected {there}.");
            await Task.Delay(there == HttpStatusCode.Accepted ? 0 : 200);
        }
        while (there != HttpStatusCode.Accepted && published.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, here.StatusCode);
        Assert.True(there == HttpStatusCode.Accepted, $"The Onboarding-only host still refused the skill {published.Elapsed.TotalSeconds:F0} s after the publish.");
    }
}
