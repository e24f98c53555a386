using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>
/// The part of Elsa's HTTP API that Elsa Studio calls to edit one definition kind, under the kind's prefix (e.g.
/// <c>/designer/api/service-types</c>), mapped onto our drafts and versions: the definition by code or version, the
/// activity palette from the kind's step catalogue, save and publish through <see cref="DefinitionStore"/>, and the
/// lists Studio needs. The draft's revision travels in the definition's <c>id</c> (<c>code:r7</c>), which Studio
/// sends back untouched; a save from an older revision is a 409. Manager only, like the definitions API. Not in the
/// OpenAPI document: it is Elsa's protocol, described in docs/designer.md.
/// </summary>
public static class ElsaApiEndpoints
{
    public static IEndpointRouteBuilder MapElsaApiEndpoints(this IEndpointRouteBuilder endpoints, DesignerPalette palette, string prefix)
    {
        ArgumentNullException.ThrowIfNull(palette);
        var api = new ElsaApi(palette, prefix);
        var group = endpoints.MapGroup(prefix).RequireRoles(PlatformRoles.Manager).ExcludeFromDescription();
        group.MapGet("/workflow-definitions", api.ListAsync);
        group.MapGet("/workflow-definitions/by-definition-id/{code}", api.GetAsync);
        group.MapGet("/workflow-definitions/by-id/{id}", api.GetByIdAsync);
        group.MapPost("/workflow-definitions", api.SaveAsync);
        group.MapPost("/workflow-definitions/{code}/publish", api.PublishLatestAsync);
        group.MapGet("/workflow-definitions/validation/is-name-unique", () => TypedResults.Ok(new { isUnique = true }));
        // The descriptors never change while the host runs: built once, kept as immutable JSON that requests share.
        var activities = JsonSerializer.SerializeToElement(ElsaDescriptors.Activities(palette));
        var expressions = JsonSerializer.SerializeToElement(ElsaDescriptors.Expressions());
        var variableTypes = JsonSerializer.SerializeToElement(ElsaDescriptors.VariableTypes());
        var storageDrivers = JsonSerializer.SerializeToElement(ElsaDescriptors.StorageDrivers());
        group.MapGet("/descriptors/activities", () => TypedResults.Json(activities));
        group.MapGet("/descriptors/expression-descriptors", () => TypedResults.Json(expressions));
        group.MapGet("/descriptors/variables", () => TypedResults.Json(variableTypes));
        group.MapGet("/descriptors/storage-drivers", () => TypedResults.Json(storageDrivers));
        foreach (var emptyList in ElsaDescriptors.EmptyLists)
        {
            group.MapGet(emptyList, () => TypedResults.Json(ElsaDescriptors.List([])));
        }

        foreach (var control in ElsaDescriptors.Unsupported)
        {
            group.MapMethods(control.Route, [control.Method], () => ElsaApi.Unsupported(control.Explanation));
        }

        return endpoints;
    }
}

/// <summary>The handlers of one kind's Elsa API; the palette and the prefix are what they share.</summary>
internal sealed class ElsaApi(DesignerPalette palette, string prefix)
{
    private IDefinitionKind Kind => palette.Kind;

    internal async Task<IResult> ListAsync(DefinitionStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var summaries = await store.ListAsync(Kind, cancellationToken);
        var wanted = query["definitionIds"].Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
        var search = query["searchTerm"].ToString();
        var items = new JsonArray();
        foreach (var summary in summaries.Where(summary => (wanted.Count == 0 || wanted.Contains(summary.Code))
            && (search.Length == 0 || summary.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || summary.Code.Contains(search, StringComparison.Ordinal))))
        {
            items.Add(new JsonObject
            {
                ["id"] = DraftId(summary.Code, summary.Revision),
                ["definitionId"] = summary.Code,
                ["name"] = summary.Name,
                ["description"] = null,
                ["version"] = (summary.LatestVersion ?? 0) + 1,
                ["isLatest"] = true,
                ["isPublished"] = false,
                ["createdAt"] = summary.UpdatedAt,
                ["materializerName"] = "Json",
                ["isMaterializerAvailable"] = true,
                ["links"] = new JsonArray(),
            });
        }

        return TypedResults.Json(new JsonObject { ["items"] = items, ["totalCount"] = items.Count, ["page"] = null, ["pageSize"] = null });
    }

    /// <summary><c>versionOptions</c>: <c>Latest</c> (the default) or <c>Draft</c> for the draft, <c>Published</c> for the latest version, a number for that version.</summary>
    internal async Task<IResult> GetAsync(string code, string? versionOptions, DefinitionStore store, CancellationToken cancellationToken)
    {
        if (!DefinitionCode.IsValid(code))
        {
            return NotFound(code);
        }

        switch (versionOptions)
        {
            case null or "" or "Latest" or "LatestOrPublished" or "Draft":
                return await store.GetDraftAsync(Kind, code, cancellationToken) is { } draft ? TypedResults.Json(Definition(draft)) : NotFound(code);
            case "Published" or "LatestAndPublished":
                return await store.GetLatestVersionAsync(Kind, code, cancellationToken) is { } latest
                    ? TypedResults.Json(Definition(latest, isLatest: false))
                    : NotFound(code);
            default:
                if (!int.TryParse(versionOptions, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return new ValidationErrors().Add("versionOptions", "'versionOptions' must be Latest, Published or a version number.").ToProblem();
                }

                return await store.GetVersionAsync(Kind, code, number, cancellationToken) is { } version
                    ? TypedResults.Json(Definition(version, isLatest: false))
                    : NotFound(code);
        }
    }

    internal async Task<IResult> GetByIdAsync(string id, DefinitionStore store, CancellationToken cancellationToken)
    {
        if (ParseVersionId(id) is { } version)
        {
            return await GetAsync(version.Code, version.Number.ToString(CultureInfo.InvariantCulture), store, cancellationToken);
        }

        return ParseDraftId(id) is { } draft ? await GetAsync(draft.Code, "Latest", store, cancellationToken) : NotFound(id);
    }

    /// <summary>
    /// Studio's save, publish and auto-save: the flowchart is read into a tree (or refused, naming the activity), saved
    /// through <see cref="DefinitionStore.SaveDesignAsync"/> (a moved step keeps the revision), and published when asked.
    /// A publish whose tree has problems saves nothing, so the revision Studio holds stays the draft's.
    /// </summary>
    internal async Task<IResult> SaveAsync(
        ElsaSaveRequest request, DefinitionStore store, DefinitionPublications publications, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var model = request.Model is { ValueKind: JsonValueKind.Object } json ? JsonNode.Parse(json.GetRawText())!.AsObject() : null;
        if (model is null)
        {
            return errors.Add("model", "'model' is required: the workflow definition as Elsa Studio edits it.").ToProblem();
        }

        var draftId = ParseDraftId(Text(model, "id"));
        if (draftId is null)
        {
            errors.Add("model.id", "'model.id' must be the id the designer was given, 'code:r<revision>'; open the definition again.");
        }
        else if (Text(model, "definitionId") != draftId.Value.Code)
        {
            errors.Add("model.definitionId", $"'model.definitionId' must be '{draftId.Value.Code}', the code of 'model.id'.");
        }

        var name = Text(model, "name")?.Trim();
        errors.Required("model.name", name, DefinitionModel.MaxNameLength);
        foreach (var (field, message) in StudioOnlySettings.Find(model))
        {
            errors.Add(field, message);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var reading = FlowchartMapping.ToTree(model["root"], palette);
        if (reading.Tree is null)
        {
            return Refused(reading.Refusals);
        }

        var (code, revision) = draftId!.Value;
        using var tree = JsonDocument.Parse(reading.Tree.ToJsonString());
        using var layout = JsonDocument.Parse(reading.Layout.ToJsonString());
        var publish = request.Publish == true;
        if (publish && DefinitionStore.Check(Kind, tree.RootElement).Problems is { Count: > 0 } problems)
        {
            return Invalid(problems, tree.RootElement);
        }

        var saved = await store.SaveDesignAsync(Kind, code, revision, name!, tree.RootElement, layout.RootElement, Actor(user), cancellationToken);
        if (saved.Outcome != DefinitionOutcome.Done)
        {
            return saved.Outcome switch
            {
                DefinitionOutcome.NotFound => NotFound(code),
                DefinitionOutcome.StaleRevision => Stale(revision, saved.CurrentRevision!.Value),
                _ => Invalid(saved.Problems, tree.RootElement),
            };
        }

        var draft = saved.Value!;
        if (!publish)
        {
            return TypedResults.Json(SaveAnswer(Definition(draft), draft.Problems, tree.RootElement));
        }

        return await PublishAsync(draft, store, publications, user, tree.RootElement, cancellationToken);
    }

    /// <summary>Studio's "publish" from a definition list: the draft as it is now.</summary>
    internal async Task<IResult> PublishLatestAsync(
        string code, DefinitionStore store, DefinitionPublications publications, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!DefinitionCode.IsValid(code) || await store.GetDraftAsync(Kind, code, cancellationToken) is not { } draft)
        {
            return NotFound(code);
        }

        using var tree = JsonDocument.Parse(draft.Draft.Tree);
        var answer = await PublishAsync(draft, store, publications, user, tree.RootElement, cancellationToken);
        return answer is JsonHttpResult<JsonObject> { Value: { } saved } ? TypedResults.Json(saved["workflowDefinition"]!.AsObject()) : answer;
    }

    private async Task<IResult> PublishAsync(
        DraftView draft, DefinitionStore store, DefinitionPublications publications, ClaimsPrincipal user, JsonElement tree, CancellationToken cancellationToken)
    {
        var code = draft.Draft.Code;
        var published = await store.PublishAsync(Kind, code, draft.Draft.Revision, Actor(user), cancellationToken);
        switch (published.Outcome)
        {
            case DefinitionOutcome.Done:
                publications.Announce(Kind.Kind, code);
                return TypedResults.Json(SaveAnswer(Definition(published.Value!, isLatest: true, draft.Draft), [], tree));
            case DefinitionOutcome.Unchanged:
                return TypedResults.Json(SaveAnswer(Definition(published.Value!, isLatest: true, draft.Draft), [], tree, alreadyPublished: true));
            case DefinitionOutcome.StaleRevision:
                return Stale(draft.Draft.Revision, published.CurrentRevision!.Value);
            case DefinitionOutcome.Contended:
                return Conflict("Concurrent publishes", "Other publishes of this definition kept taking the next version number; nothing was published. Publish again.");
            default:
                return Invalid(published.Problems, tree);
        }
    }

    internal static ProblemHttpResult Unsupported(string explanation) => TypedResults.Problem(
        explanation,
        statusCode: StatusCodes.Status400BadRequest,
        title: "Not available in this designer",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["designer"] = [explanation] } });

    private JsonObject SaveAnswer(JsonObject definition, IReadOnlyList<DefinitionProblem> problems, JsonElement tree, bool alreadyPublished = false) => new()
    {
        ["workflowDefinition"] = definition,
        ["alreadyPublished"] = alreadyPublished,
        ["consumingWorkflowCount"] = 0,
        // Not Elsa's: the designer page lists what keeps the draft from being published, each with its step.
        ["problems"] = new JsonArray([.. Located(problems, tree).Select(problem => (JsonNode)new JsonObject
        {
            ["stepId"] = problem.StepId,
            ["message"] = problem.Message,
        })]),
    };

    private JsonObject Definition(DraftView view)
    {
        var draft = view.Draft;
        var definition = Definition(draft.Code, DraftId(draft.Code, draft.Revision), draft.Name, draft.Tree, draft.Layout, draft.UpdatedAt,
            version: (view.LatestVersion ?? 0) + 1, isLatest: true, isPublished: false);
        definition["links"] = new JsonArray(new JsonObject
        {
            ["href"] = $"{prefix}/workflow-definitions/{draft.Code}/publish",
            ["rel"] = "publish",
            ["method"] = "POST",
        });
        return definition;
    }

    /// <param name="draft">
    /// The draft the version was published from, when the designer goes on editing: the answer then carries the
    /// draft's id and is editable, so the next save is guarded by the draft's revision.
    /// </param>
    private JsonObject Definition(DefinitionVersion version, bool isLatest, DefinitionDraft? draft = null)
    {
        var definition = Definition(version.Code, draft is null ? $"{version.Code}:v{version.Number}" : DraftId(draft.Code, draft.Revision),
            version.Name, version.Tree, draft?.Layout, version.PublishedAt, version.Number, isLatest, isPublished: true);
        definition["isReadonly"] = draft is null;
        if (draft is not null)
        {
            definition["links"] = new JsonArray(new JsonObject
            {
                ["href"] = $"{prefix}/workflow-definitions/{draft.Code}/publish",
                ["rel"] = "publish",
                ["method"] = "POST",
            });
        }

        return definition;
    }

    private JsonObject Definition(
        string code, string id, string name, string treeJson, string? layoutJson, DateTimeOffset createdAt, int version, bool isLatest, bool isPublished)
    {
        using var document = JsonDocument.Parse(treeJson);
        var problems = new DefinitionProblems();
        var tree = DefinitionTreeReader.Read(document.RootElement, problems)
            ?? throw new InvalidOperationException($"The stored {Kind.DisplayName} '{code}' is not a tree.");
        var layout = layoutJson is null ? null : JsonNode.Parse(layoutJson) as JsonObject;
        return new JsonObject
        {
            ["id"] = id,
            ["definitionId"] = code,
            ["name"] = name,
            ["description"] = null,
            ["createdAt"] = createdAt,
            ["version"] = version,
            ["toolVersion"] = "3.8.0",
            ["isLatest"] = isLatest,
            ["isPublished"] = isPublished,
            ["isReadonly"] = false,
            ["materializerName"] = "Json",
            ["options"] = new JsonObject { ["usableAsActivity"] = false, ["autoUpdateConsumingWorkflows"] = false },
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["root"] = FlowchartMapping.ToFlowchart(tree, layout, palette),
            ["links"] = new JsonArray(),
        };
    }

    /// <summary>Each problem with the step it names, by the step's name as the designer shows it.</summary>
    private IEnumerable<DefinitionProblem> Located(IReadOnlyList<DefinitionProblem> problems, JsonElement treeJson)
    {
        var names = DefinitionTreeReader.Read(treeJson, new DefinitionProblems()) is { } tree
            ? tree.AllSteps().GroupBy(step => step.Id).ToDictionary(group => group.Key, group => group.First().Name, StringComparer.Ordinal)
            : [];
        return problems.Select(problem => problem with
        {
            Message = problem.StepId is { } stepId
                ? $"{names.GetValueOrDefault(stepId, stepId)} ({stepId}{WithinStep(problem.Path)}): {problem.Message}"
                : $"{palette.Settings.DisplayName} ({problem.Path}): {problem.Message}",
        });
    }

    /// <summary>
    /// Where in the step's properties a problem lies, e.g. <c>, questions[1].correctChoiceIds</c>, so a problem inside a
    /// JSON field names the question or item; empty when it is about a property as a whole.
    /// </summary>
    private static string WithinStep(string path)
    {
        const string properties = "." + DefinitionTreeKeys.Properties + ".";
        var start = path.LastIndexOf(properties, StringComparison.Ordinal);
        var within = start < 0 ? string.Empty : path[(start + properties.Length)..];
        return within.Contains('[', StringComparison.Ordinal) ? $", {within}" : string.Empty;
    }

    /// <summary>A publish or save with problems: Studio lists <c>errors</c>; <c>problems</c> names each one's step for the designer page.</summary>
    private ProblemHttpResult Invalid(IReadOnlyList<DefinitionProblem> problems, JsonElement tree)
    {
        var located = Located(problems, tree).ToArray();
        return TypedResults.Problem(
            $"The {Kind.DisplayName} has {located.Length} problem(s); each names its step.",
            statusCode: StatusCodes.Status400BadRequest,
            title: $"The {Kind.DisplayName} is not valid.",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = located.GroupBy(problem => problem.StepId ?? "settings").ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray()),
                ["problems"] = located.Select(problem => new { problem.StepId, problem.Message }).ToArray(),
            });
    }

    private static ProblemHttpResult Refused(IReadOnlyList<FlowchartRefusal> refusals) => TypedResults.Problem(
        $"The flowchart is not a flow this designer can store: {string.Join(" ", refusals.Select(refusal => refusal.Message))}",
        statusCode: StatusCodes.Status400BadRequest,
        title: "The flowchart cannot be saved.",
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = refusals.GroupBy(refusal => refusal.ActivityId ?? "model.root").ToDictionary(group => group.Key, group => group.Select(refusal => refusal.Message).ToArray()),
        });

    private ProblemHttpResult NotFound(string code) => TypedResults.Problem(
        $"There is no {Kind.DisplayName} '{code}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult Stale(int sent, int current) => Conflict(
        "The draft has changed",
        $"Someone saved this definition since you opened it (revision {current}, yours {sent}); nothing was saved. Reload the designer and redo your change.",
        new Dictionary<string, object?> { ["currentRevision"] = current });

    /// <summary>A 409 Studio shows in words: Refit reads a problem's <c>errors</c> as the messages to list.</summary>
    private static ProblemHttpResult Conflict(string title, string message, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        extensions["errors"] = new Dictionary<string, string[]> { ["definition"] = [message] };
        return TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict, title: title, extensions: extensions);
    }

    private static string DraftId(string code, int revision) => $"{code}:r{revision}";

    private static (string Code, int Revision)? ParseDraftId(string? id) => ParseId(id, 'r') is { } parsed ? (parsed.Code, parsed.Number) : null;

    private static (string Code, int Number)? ParseVersionId(string? id) => ParseId(id, 'v');

    private static (string Code, int Number)? ParseId(string? id, char marker)
    {
        var separator = id?.LastIndexOf(':') ?? -1;
        if (separator < 1 || id!.Length < separator + 3 || id[separator + 1] != marker)
        {
            return null;
        }

        var code = id[..separator];
        return DefinitionCode.IsValid(code) && int.TryParse(id.AsSpan(separator + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? (code, number)
            : null;
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Actor(ClaimsPrincipal user) =>
        user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has no user name.");
}

/// <summary>Studio's save: the whole definition, and whether to publish it.</summary>
/// <param name="Model">Elsa's <c>WorkflowDefinitionModel</c>; its <c>root</c> is the flowchart.</param>
public sealed record ElsaSaveRequest(JsonElement? Model, bool? Publish);
