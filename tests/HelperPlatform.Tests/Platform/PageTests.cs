using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Onboarding;
using Microsoft.Playwright;

namespace HelperPlatform.Tests.Platform;

/// <summary>The pages a person opens: the start page at the root, and the page a confirmation link opens.</summary>
public sealed partial class PageTests(OnboardingHostFixture fixture) : IClassFixture<OnboardingHostFixture>
{
    [Fact]
    public async Task Root_ServesTheStartPage_EveryLinkOfWhichAnswers()
    {
        using var anonymous = fixture.Host.CreateClient();

        using var page = await anonymous.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        var links = Href().Matches(html).Select(match => match.Groups["href"].Value).ToList();

        AssertSelfContainedPage(page, html);
        Assert.Superset(new HashSet<string> { "/scalar", "/openapi/v1.json", "/health/live", "/health/ready", "/docs/README.md", "/docs/architecture.md" }, links.ToHashSet());
        await fixture.Host.WaitUntilReadyAsync();
        foreach (var link in links)
        {
            using var answer = await anonymous.GetAsync(link);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{link} answered {answer.StatusCode}");
        }

        Assert.Contains("# Onboarding", await anonymous.GetStringAsync("/docs/onboarding.md"), StringComparison.Ordinal);
        using var unknownDoc = await anonymous.GetAsync("/docs/nothing.md");
        Assert.Equal(HttpStatusCode.NotFound, unknownDoc.StatusCode);
    }

    [Fact]
    public async Task ConfirmationLink_OpensAFormPage_WhoseRequestConfirmsTheApplication()
    {
        var email = OnboardingApi.UniqueEmail();
        using (var applied = await fixture.Api.ApplyAsync(email, fixture.Skill))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        var token = await fixture.Api.ConfirmationTokenAsync(email);
        var link = new Uri((await fixture.Api.MessagesToAsync(email)).Single(message => message.Subject == "Confirm your application").Body
            .Split(' ').Single(word => word.StartsWith("http", StringComparison.Ordinal)));
        using var anonymous = fixture.Host.CreateClient();
        using var page = await anonymous.GetAsync(link.PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(("/confirm", $"?token={token}"), (link.AbsolutePath, link.Query));
        AssertSelfContainedPage(page, html);
        Assert.Contains("Referrer-Policy", page.Headers.Select(header => header.Key));
    }

    [Fact]
    public async Task ConfirmationPage_InABrowser_RefusesDifferingPasswords_ThenCreatesTheAccount_AndDropsTheTokenFromTheAddress()
    {
        var email = OnboardingApi.UniqueEmail();
        using (var applied = await fixture.Api.ApplyAsync(email, fixture.Skill))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        var token = await fixture.Api.ConfirmationTokenAsync(email);
        await using var browser = await (await Browser.GetAsync()).NewPageAsync(nameof(ConfirmationPage_InABrowser_RefusesDifferingPasswords_ThenCreatesTheAccount_AndDropsTheTokenFromTheAddress));
        var page = browser.Page;
        var scriptRefusals = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                scriptRefusals.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(fixture.Host.Address, $"/confirm?token={Uri.EscapeDataString(token)}").ToString());
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(OnboardingApi.CandidatePassword);
        await page.GetByLabel("The same password again").FillAsync(OnboardingApi.CandidatePassword + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and create my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#problems")).ToHaveTextAsync("The two passwords differ.");
        await page.GetByLabel("The same password again").FillAsync(OnboardingApi.CandidatePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and create my account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sign in");
        using var signIn = fixture.Host.CreateClient();

        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Empty(browser.OutsideRequests);
        // A script the page's Content-Security-Policy refused would show here, and the form would not have worked.
        Assert.Empty(scriptRefusals);
        await PlatformHost.SignInAsync(signIn, email, OnboardingApi.CandidatePassword);
    }

    /// <summary>HTML that loads nothing from elsewhere and runs only the inline script whose hash its policy names.</summary>
    private static void AssertSelfContainedPage(HttpResponseMessage page, string html)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotMatch("""(src|href)="(https?:)?//""", html);
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        foreach (Match script in Regex.Matches(html, "<script>(.*?)</script>", RegexOptions.Singleline))
        {
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value)));
            Assert.Contains($"'sha256-{hash}'", policy, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("href=\"(?<href>/[^\"]*)\"")]
    private static partial Regex Href();
}
