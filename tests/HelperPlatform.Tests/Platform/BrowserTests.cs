using HelperPlatform.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HelperPlatform.Tests.Platform;

/// <summary>The browser every browser test uses keeps pages on this machine and leaves a screenshot of each.</summary>
public sealed class BrowserTests
{
    [Fact]
    public async Task APageReachingOutsideTheMachine_IsStoppedAndTheAddressRecorded_AndItsScreenshotKept()
    {
        var name = nameof(APageReachingOutsideTheMachine_IsStoppedAndTheAddressRecorded_AndItsScreenshotKept);
        var screenshot = Path.Combine(Browser.ScreenshotDirectory, $"{name}.png");
        // A fresh clone has no screenshot directory yet; deleting from a missing directory throws.
        if (File.Exists(screenshot))
        {
            File.Delete(screenshot);
        }

        await using (var browser = await (await Browser.GetAsync()).NewPageAsync(name))
        {
            var failed = new TaskCompletionSource<IRequest>();
            browser.Page.RequestFailed += (_, request) => failed.TrySetResult(request);
            await browser.Page.SetContentAsync("""<p>Here</p><img src="https://example.com/tracker.png">""");
            var request = await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal("https://example.com/tracker.png", request.Url);
            Assert.StartsWith("net::ERR_BLOCKED_BY_CLIENT", request.Failure, StringComparison.Ordinal);
            Assert.Equal(["https://example.com/tracker.png"], browser.OutsideRequests);
            await Assertions.Expect(browser.Page.GetByText("Here")).ToBeVisibleAsync();
        }

        Assert.True(File.Exists(screenshot));
    }
}
