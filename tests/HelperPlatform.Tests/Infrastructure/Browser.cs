using System.Net;
using Microsoft.Playwright;

namespace HelperPlatform.Tests.Infrastructure;

/// <summary>
/// The run's one headless Chromium (Debian's, never a downloaded one), driven by Playwright. Every page it opens may
/// reach loopback addresses only: a request to any other host is aborted and recorded, so a test can assert that a
/// page loads nothing from outside the machine. Each page's last state is kept as a screenshot in
/// <see cref="ScreenshotDirectory"/>, which CI keeps as an artifact.
/// </summary>
public sealed class Browser
{
    /// <summary>Names another Chromium binary than Debian's <c>/usr/bin/chromium</c>.</summary>
    public const string ExecutableVariable = "HELPERPLATFORM_CHROMIUM";

    private static readonly Lazy<Task<Browser>> Shared = new(LaunchAsync);

    private readonly IBrowser chromium;

    private Browser(IBrowser chromium) => this.chromium = chromium;

    /// <summary><c>artifacts/screenshots</c> at the repository root.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public static Task<Browser> GetAsync() => Shared.Value;

    /// <summary>A page in a fresh context (no cookies or storage shared with other tests); dispose it to keep its screenshot.</summary>
    /// <param name="name">Names the screenshot file: use the test's name.</param>
    public async Task<BrowserPage> NewPageAsync(string name)
    {
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var outside = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLoopback(new Uri(route.Request.Url)))
            {
                await route.ContinueAsync();
                return;
            }

            lock (outside)
            {
                outside.Add(route.Request.Url);
            }

            await route.AbortAsync("blockedbyclient");
        });
        return new BrowserPage(context, await context.NewPageAsync(), name, outside);
    }

    private static bool IsLoopback(Uri url) =>
        url.Scheme is "data" or "blob" or "about"
        || url.IsLoopback
        || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static async Task<Browser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}: install it with `sudo apt-get install -y chromium` (as .ci/run does), or set {ExecutableVariable}.");
        }

        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // The sandbox needs user namespaces, which CI's containers (running as root) do not grant.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new Browser(chromium);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HelperPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HelperPlatform.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One test's page; disposing it saves its last state as <c>{name}.png</c> and closes its context.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, string name, List<string> outside) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>The addresses outside the machine the page tried to load (each was aborted).</summary>
    public IReadOnlyList<string> OutsideRequests
    {
        get
        {
            lock (outside)
            {
                return [.. outside];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Directory.CreateDirectory(Browser.ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotDirectory, $"{name}.png"), FullPage = true });
        await context.CloseAsync();
    }
}
