using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using Microsoft.Playwright;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// The designer as a manager uses it, in Chromium: Elsa Studio served by the host, editing our definitions through
/// the Elsa API subset, from the palette to a published version the next order pins.
/// </summary>
public sealed class DesignerBrowserTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Manager_DragsAStepIntoAServiceType_SeesItsProblem_FixesIt_AndPublishes_AndTheNextQuotePinsTheVersion()
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var api = DefinitionApi.ServiceTypes(fixture.Host, manager);
        var code = TestSetTrees.UniqueCode("office-cookies");
        await api.PublishedAsync(code, (await api.CreateAsync(code, ServiceTypeTrees.Valid(), name: "Office cookies")).Revision);
        await using var designer = await DesignerSession.OpenAsync(fixture.Host, nameof(Manager_DragsAStepIntoAServiceType_SeesItsProblem_FixesIt_AndPublishes_AndTheNextQuotePinsTheVersion));

        await designer.SignInAsync("manager@staff.test");
        await designer.OpenAsync($"Office cookies ({code})", firstStep: "Check in on site");
        var added = await designer.DragFromPaletteAsync("Service type", "Wait");
        await designer.PanAsync(-400);
        await designer.ConnectAsync("cool-down", "Done", added);
        var stepId = await designer.StepIdAsync(added);
        await designer.SelectAsync(added);
        await designer.FillAsync("Duration", "one day");
        await designer.ExpectProblemAsync(stepId, "'duration' must be an ISO 8601 duration");
        await designer.FillAsync("Duration", "PT2H");
        await designer.ExpectNoProblemsAsync();
        await designer.PublishAsync();

        var versions = await manager.GetFromJsonAsync<JsonArray>($"/api/service-types/{code}/versions");
        var version2 = await manager.GetFromJsonAsync<JsonObject>($"/api/service-types/{code}/versions/2");
        var coolDown = ((JsonArray)version2!["definition"]!["sequence"]!).Single(step => (string?)step!["id"] == "review")!["branches"]!["Fail"]!.AsArray();
        using var client = await fixture.Host.CreateClientAsync(PlatformRoles.Client);
        var quote = await OrderFlow.QuoteAsync(client, code);

        Assert.Equal(2, versions!.Count);
        Assert.Equal(["cool-down", stepId], coolDown.Select(step => (string?)step!["id"]));
        Assert.Equal("PT2H", (string?)coolDown[1]!["properties"]!["duration"]);
        Assert.Equal(2, quote.ServiceTypeVersion);
        designer.AssertNothingFromOutside();
    }

    [Fact]
    public async Task Manager_CreatesATestSetOnThePage_FillsItsTermsAndAQuizInStudio_FixesAQuestion_AndPublishes()
    {
        var code = TestSetTrees.UniqueCode("cookie-basics");
        var skill = TestSetTrees.UniqueCode("cookie-delivery");
        await using var designer = await DesignerSession.OpenAsync(fixture.Host, nameof(Manager_CreatesATestSetOnThePage_FillsItsTermsAndAQuizInStudio_FixesAQuestion_AndPublishes));

        await designer.SignInAsync("manager@staff.test");
        await designer.CreateAsync("Test sets", code, "Cookie basics");
        await designer.SelectAsync("settings");
        await designer.FillAsync("Skill", skill);
        await designer.FillAsync("Attempts per test", "2");
        await designer.FillAsync("Deadline", "P7D");
        var quiz = await designer.DragFromPaletteAsync("Test set", "Quiz", besideId: "settings");
        await designer.ConnectAsync("settings", "Done", quiz);
        var quizId = await designer.StepIdAsync(quiz);
        await designer.SelectAsync(quiz);
        await designer.FillAsync("Pass score", "1");
        await designer.FillJsonAsync("Questions", Questions(correct: "c"));
        await designer.ExpectProblemAsync(quizId, "questions[0].correctChoiceIds): 'c' is not one of the question's choices");
        await designer.FillJsonAsync("Questions", Questions(correct: "a"));
        await designer.ExpectNoProblemsAsync();
        await designer.PublishAsync();

        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var version = await manager.GetFromJsonAsync<JsonObject>($"/api/test-sets/{code}/versions/1");
        var definition = version!["definition"]!;
        var step = definition["sequence"]![0]!;

        Assert.Equal((skill, 2, "P7D"), ((string?)definition["properties"]!["skill"], (int?)definition["properties"]!["attemptsPerTest"], (string?)definition["properties"]!["deadline"]));
        Assert.Equal((quizId, "quiz", 1), ((string?)step["id"], (string?)step["type"], (int?)step["properties"]!["passScore"]));
        Assert.Equal("a", (string?)step["properties"]!["questions"]![0]!["correctChoiceIds"]![0]);
        designer.AssertNothingFromOutside();
    }

    private static string Questions(string correct) =>
        $$"""[{"id":"q1","text":"Where do the cookies travel?","points":1,"choices":[{"id":"a","text":"In the sealed box"},{"id":"b","text":"In a pocket"}],"correctChoiceIds":["{{correct}}"]}]""";

    [Fact]
    public async Task Manager_PressingRun_TickingUsableAsActivity_OrAddingAVariable_IsToldInWords_AndTheDraftKeepsNoSuchSetting()
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var api = DefinitionApi.ServiceTypes(fixture.Host, manager);
        var code = TestSetTrees.UniqueCode("office-cookies");
        var revision = (await api.CreateAsync(code, ServiceTypeTrees.Valid(), name: "Office cookies")).Revision;
        await using var designer = await DesignerSession.OpenAsync(fixture.Host, nameof(Manager_PressingRun_TickingUsableAsActivity_OrAddingAVariable_IsToldInWords_AndTheDraftKeepsNoSuchSetting));

        await designer.SignInAsync("manager@staff.test");
        await designer.OpenAsync($"Office cookies ({code})", firstStep: "Check in on site");
        await designer.RunAsync();
        await designer.ExpectNoticeAsync("Definitions are not run from the designer");
        var usableAsActivity = designer.Page.GetByText("Usable as activity", new() { Exact = true });
        await usableAsActivity.ClickAsync();
        await designer.ExpectNoticeAsync("\"Usable as activity\" is not stored");
        // Studio's own toast says it too.
        await Assertions.Expect(designer.Page.Locator(".mud-snackbar-content-message", new() { HasText = "\"Usable as activity\" is not stored" })).ToBeVisibleAsync();
        await usableAsActivity.ClickAsync();
        await Assertions.Expect(designer.Page.Locator("#notice")).ToBeHiddenAsync();
        await designer.Page.GetByRole(AriaRole.Tab, new() { Name = "Variables" }).ClickAsync();
        await designer.Page.Locator(".mud-tab-panel button", new() { HasText = "Add" }).First.ClickAsync();
        var dialog = designer.Page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("not stored");
        await dialog.Locator("button", new() { HasText = "OK" }).ClickAsync();
        await designer.ExpectNoticeAsync("Variables");
        await designer.ExpectNoticeAsync("are not stored");

        Assert.Equal(revision, (await api.DraftAsync(code)).Revision);
        designer.AssertNothingFromOutside();
    }

    [Fact]
    public async Task Saves_SentBeforeThePreviousOneAnswered_GoInTurn_WithTheRevisionItMade_WhileAnotherManagersSaveIsStillRefused()
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        var api = DefinitionApi.ServiceTypes(fixture.Host, manager);
        var code = TestSetTrees.UniqueCode("office-cookies");
        var opened = (await api.CreateAsync(code, ServiceTypeTrees.Valid(), name: "Office cookies")).Revision;
        await using var designer = await DesignerSession.OpenAsync(fixture.Host, nameof(Saves_SentBeforeThePreviousOneAnswered_GoInTurn_WithTheRevisionItMade_WhileAnotherManagersSaveIsStillRefused));
        await designer.SignInAsync("manager@staff.test");
        await designer.OpenAsync($"Office cookies ({code})", firstStep: "Check in on site");

        // Saves as Studio sends them: the definition it loaded, changed, posted with the editor's token.
        await designer.Page.EvaluateAsync(
            """
            (code) => {
              const prefix = '/designer/api/service-types';
              const headers = () => ({
                Authorization: `Bearer ${document.querySelector('elsa-workflow-definition-editor').getAttribute('access-token')}`,
                'Content-Type': 'application/json',
              });
              const loaded = fetch(`${prefix}/workflow-definitions/by-definition-id/${code}?versionOptions=Latest`, { headers: headers() }).then((answer) => answer.json());
              window.saveAsStudio = async (changes, encode = (text) => text) => {
                const answer = await fetch(`${prefix}/workflow-definitions`, {
                  method: 'POST', headers: headers(), body: encode(JSON.stringify({ model: { ...await loaded, ...changes }, publish: false })) });
                return { status: answer.status, id: (await answer.json()).workflowDefinition?.id ?? null };
              };
            }
            """, code);

        // As Studio's auto-save does on quick edits: three saves at once, all naming the revision the editor opened,
        // the body as a string and as bytes (Blazor's way).
        var answers = await designer.Page.EvaluateAsync<SaveAnswer[]>(
            """
            () => Promise.all([
              saveAsStudio({ name: 'Cookies one' }),
              saveAsStudio({ name: 'Cookies two' }, (text) => new TextEncoder().encode(text)),
              saveAsStudio({ name: 'Cookies three' }, (text) => new TextEncoder().encode(text).buffer),
            ])
            """);
        var afterTheRace = await api.DraftAsync(code);
        using (var update = await api.UpdateAsync(code, afterTheRace.Revision, ServiceTypeTrees.Valid(), name: "Another manager's cookies"))
        {
            Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        }

        var stale = await designer.Page.EvaluateAsync<SaveAnswer>("(id) => saveAsStudio({ id, name: 'Cookies four' })", $"{code}:r{afterTheRace.Revision}");

        Assert.Equal([200, 200, 200], answers.Select(answer => answer.Status));
        Assert.Equal([$"{code}:r{opened + 1}", $"{code}:r{opened + 2}", $"{code}:r{opened + 3}"], answers.Select(answer => answer.Id));
        Assert.Equal((opened + 3, "Cookies three"), (afterTheRace.Revision, afterTheRace.Name));
        Assert.Equal(409, stale.Status);
        Assert.Equal("Another manager's cookies", (await api.DraftAsync(code)).Name);
        designer.AssertNothingFromOutside();
    }

    /// <summary>Filled by Playwright, which needs a parameterless constructor.</summary>
    private sealed class SaveAnswer
    {
        public int Status { get; set; }

        public string? Id { get; set; }
    }

    [Fact]
    public async Task Manager_OpeningAServiceType_SeesHowManyRunningOrdersAreAtEachStepOfTheVersion()
    {
        var flow = new OrderFlow(fixture.Host);
        var code = await flow.PublishAsync(OrderFlow.Tree(OrderFlow.UniqueSku(), samplingPercent: 0));
        using var client = await fixture.Host.CreateClientAsync(PlatformRoles.Client);
        for (var index = 0; index < 2; index++)
        {
            // A placed order is stored at the flow's first step.
            await OrderFlow.PlaceAsync(client, (await OrderFlow.QuoteAsync(client, code)).Id);
        }

        await using var designer = await DesignerSession.OpenAsync(fixture.Host, nameof(Manager_OpeningAServiceType_SeesHowManyRunningOrdersAreAtEachStepOfTheVersion));
        await designer.SignInAsync("manager@staff.test");
        await designer.Page.GetByRole(AriaRole.Link, new() { Name = $"({code})" }).ClickAsync();

        await Assertions.Expect(designer.Page.Locator("#counts-state")).ToHaveTextAsync("2 running orders on version 1:");
        await Assertions.Expect(designer.Page.Locator("#counts li[data-step-id='pick'] .count")).ToHaveTextAsync("2");
        await Assertions.Expect(designer.Page.Locator("#counts li[data-step-id='match'] .count")).ToHaveTextAsync("0");
        designer.AssertNothingFromOutside();
    }

    [Fact]
    public async Task NonManager_SigningIn_GetsNoDesigner_AndTheElsaApiRefusesThem()
    {
        using var worker = await fixture.Host.CreateClientAsync(PlatformRoles.Worker);
        var email = (await worker.GetFromJsonAsync<JsonObject>("/api/auth/me"))!["email"]!.GetValue<string>();
        await using var designer = await DesignerSession.OpenAsync(fixture.Host, nameof(NonManager_SigningIn_GetsNoDesigner_AndTheElsaApiRefusesThem));

        await designer.SignInAsync(email);
        await Assertions.Expect(designer.Page.Locator("#notice")).ToContainTextAsync("is not a manager");
        using var descriptors = await worker.GetAsync("/designer/api/service-types/descriptors/activities");

        await Assertions.Expect(designer.Page.Locator("#list-view")).ToBeHiddenAsync();
        Assert.Equal(HttpStatusCode.Forbidden, descriptors.StatusCode);
        designer.AssertNothingFromOutside();
    }
}
