using System.Collections.Concurrent;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// The designer page in the shared browser, driven as a manager drives it: Elsa Studio's palette, canvas (X6: a
/// node is <c>g[data-cell-id]</c>, a port <c>g[port]</c>) and fields, and our page's list of problems.
/// </summary>
internal sealed class DesignerSession(BrowserPage browser) : IAsyncDisposable
{
    /// <summary>Studio's first start compiles its WebAssembly; on a busy machine that takes a while.</summary>
    private static readonly LocatorWaitForOptions StudioStart = new() { Timeout = 120_000 };

    private readonly ConcurrentQueue<string> scriptErrors = new();

    public IPage Page => browser.Page;

    public static async Task<DesignerSession> OpenAsync(PlatformHost host, string name)
    {
        var session = new DesignerSession(await (await Browser.GetAsync()).NewPageAsync(name));
        session.Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.scriptErrors.Enqueue(message.Text);
            }
        };
        // Wide enough for Studio's palette, canvas and properties side by side.
        await session.Page.SetViewportSizeAsync(1920, 1080);
        await session.Page.GotoAsync(new Uri(host.Address, "/designer").ToString());
        return session;
    }

    public async Task SignInAsync(string email)
    {
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(PlatformHost.StaffPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Creates a definition with the page's form under <paramref name="section"/>; Studio opens its empty draft.</summary>
    public async Task CreateAsync(string section, string code, string name)
    {
        var form = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = section }) });
        await form.GetByLabel("Code").FillAsync(code);
        await form.GetByLabel("Name").FillAsync(name);
        await form.Locator("button[type=submit]").ClickAsync();
        await Page.Locator("g.x6-node[data-cell-id='settings']").WaitForAsync(StudioStart);
    }

    /// <summary>Opens a definition from the list and waits until Studio draws <paramref name="firstStep"/> on its canvas.</summary>
    public async Task OpenAsync(string link, string firstStep)
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
        // On the canvas: the page's list of counts per step names the steps before Studio has started.
        await Page.Locator("g.x6-node", new() { HasText = firstStep }).First.WaitForAsync(StudioStart);
        await ZoomToFitAsync();
    }

    /// <summary>Studio's "zoom to fit", the first button of its toolbar, so every step is on screen.</summary>
    public Task ZoomToFitAsync() => Page.Locator(".mud-toolbar", new() { HasText = "Auto-save" }).Locator("button:visible").First.ClickAsync();

    /// <returns>The new activity's id.</returns>
    /// <param name="besideId">Drops the activity to the right of this one; else low in the middle of the canvas.</param>
    public async Task<string> DragFromPaletteAsync(string category, string activity, string? besideId = null)
    {
        var before = await NodeIdsAsync();
        await Page.Locator(".mud-expand-panel-header", new() { HasText = category }).First.ClickAsync();
        // The panel slides open; a drag started while it moves picks up whichever entry passes under the pointer.
        await Page.WaitForTimeoutAsync(1000);
        var canvas = Page.Locator(".x6-graph-svg").First;
        var box = (await canvas.BoundingBoxAsync())!;
        var target = new TargetPosition { X = box.Width / 2, Y = box.Height * 0.7f };
        if (besideId is not null && await Node(besideId).BoundingBoxAsync() is { } beside)
        {
            target = new TargetPosition { X = beside.X - box.X + beside.Width + 200, Y = beside.Y - box.Y + beside.Height / 2 };
        }

        await Page.Locator("[draggable=true]").GetByText(activity, new() { Exact = true }).DragToAsync(canvas, new() { TargetPosition = target });
        await Assertions.Expect(Page.Locator("g.x6-node[data-cell-id]")).ToHaveCountAsync(before.Count + 1);
        return (await NodeIdsAsync()).Except(before).Single();
    }

    /// <summary>Drags the canvas by its empty top strip, as a manager pans to see the steps off to one side.</summary>
    public async Task PanAsync(float dx)
    {
        var box = (await Page.Locator(".x6-graph-svg").First.BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + 20);
        await Page.Mouse.MoveAsync(x, y);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(x + dx, y, new() { Steps = 10 });
        await Page.Mouse.UpAsync();
    }

    public async Task ConnectAsync(string sourceId, string port, string targetId)
    {
        var edges = Page.Locator("g.x6-edge[data-cell-id]");
        var before = await edges.CountAsync();
        // Nothing selected: a selected node's resize handle lies over its right-hand port.
        var canvas = (await Page.Locator(".x6-graph-svg").First.BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(canvas.X + 10, canvas.Y + 10);
        var from = (await Node(sourceId).Locator($"g[port='{port}'] circle.elsa-designer-port-hit-area").BoundingBoxAsync())!;
        var to = (await Node(targetId).Locator("g[port='In'] circle.elsa-designer-port-hit-area").BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 10 });
        await Page.Mouse.UpAsync();
        await Assertions.Expect(edges).ToHaveCountAsync(before + 1);
    }

    /// <summary>The step's id in our tree: the name Studio gives the activity and shows on it.</summary>
    public Task<string> StepIdAsync(string activityId) => Node(activityId).Locator(".activity-label").InnerTextAsync();

    public Task SelectAsync(string activityId) => Node(activityId).Locator("rect, div").First.ClickAsync(new() { Force = true });

    public async Task FillAsync(string field, string value)
    {
        var input = Page.Locator(".mud-input-control", new() { HasText = field }).Locator("input, textarea").First;
        await input.FillAsync(value);
        await input.BlurAsync();
    }

    /// <summary>Replaces the text of a JSON field (Studio's code editor) with <paramref name="json"/>.</summary>
    public async Task FillJsonAsync(string field, string json)
    {
        var editor = Page.Locator(".mud-input-control", new() { HasText = field }).Locator(".monaco-editor .view-lines").First;
        await editor.ClickAsync(new() { Force = true });
        await Page.Keyboard.PressAsync("Control+A");
        await Page.Keyboard.PressAsync("Delete");
        await Page.Keyboard.InsertTextAsync(json);
    }

    /// <summary>Waits until the page lists a problem of <paramref name="stepId"/> mentioning <paramref name="words"/>.</summary>
    public Task ExpectProblemAsync(string stepId, string words) =>
        Assertions.Expect(Page.Locator($"#problems li[data-step-id='{stepId}']", new() { HasText = words })).ToBeVisibleAsync(new() { Timeout = 30_000 });

    public Task ExpectNoProblemsAsync() =>
        Assertions.Expect(Page.Locator("#problems-state")).ToHaveTextAsync("None: the draft may be published.", new() { Timeout = 30_000 });

    /// <summary>Studio's publish button (the cloud in its toolbar); waits until the answer to its publish arrives.</summary>
    public async Task PublishAsync()
    {
        var published = Page.WaitForResponseAsync(response => response.Request.Method == "POST"
            && response.Url.Contains("/workflow-definitions", StringComparison.Ordinal)
            && (response.Request.PostData ?? string.Empty).Contains("\"publish\":true", StringComparison.Ordinal), new() { Timeout = 30_000 });
        await Page.Locator(".mud-toolbar", new() { HasText = "Auto-save" }).Locator("button.mud-primary-text").ClickAsync();
        var answer = await published;
        Assert.True(answer.Ok, await answer.TextAsync());
    }

    /// <summary>Studio's Run button, the green one at the end of its toolbar.</summary>
    public Task RunAsync() => Page.Locator(".mud-toolbar", new() { HasText = "Auto-save" }).Locator("button.mud-success-text").ClickAsync();

    /// <summary>Waits until the page's notice says <paramref name="words"/>.</summary>
    public Task ExpectNoticeAsync(string words) =>
        Assertions.Expect(Page.Locator("#notice")).ToContainTextAsync(words, new() { Timeout = 30_000 });

    public void AssertNothingFromOutside()
    {
        Assert.Empty(browser.OutsideRequests);
        Assert.DoesNotContain(scriptErrors, error => error.Contains("Content Security Policy", StringComparison.Ordinal) || error.Contains("Unhandled", StringComparison.Ordinal));
    }

    public ValueTask DisposeAsync() => browser.DisposeAsync();

    private ILocator Node(string activityId) => Page.Locator($"g.x6-node[data-cell-id='{activityId}']");

    private async Task<List<string>> NodeIdsAsync() =>
        [.. await Page.Locator("g.x6-node[data-cell-id]").EvaluateAllAsync<string[]>("nodes => nodes.map(node => node.getAttribute('data-cell-id'))")];
}
