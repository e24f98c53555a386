using System.Security.Claims;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Management;

/// <summary>
/// The manager API of one kind of versioned definition: create, edit and publish the draft, read versions.
/// Every kind (test sets, service types) maps the same endpoints under its own prefix. Manager only: the
/// trees hold answer keys and prices.
/// </summary>
public static class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapDefinitionEndpoints(this IEndpointRouteBuilder endpoints, IDefinitionKind kind, string prefix, string tag)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var api = new DefinitionApi(kind, prefix);
        var group = endpoints.MapGroup(prefix).WithTags(tag);
        var name = kind.DisplayName;
        group.MapPost("/", api.CreateAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"Create a {name} as a draft (manager).");
        group.MapGet("/", api.ListAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"Every {name} with its draft revision and latest published version (manager).");
        group.MapGet("/{code}/draft", api.GetDraftAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"The {name}'s draft and every problem that keeps it from being published (manager).");
        group.MapPut("/{code}/draft", api.UpdateDraftAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"Replace the {name}'s draft; send the revision it is based on (manager).");
        group.MapPost("/{code}/publish", api.PublishAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Validate the draft and publish it as the next immutable version (manager).");
        group.MapGet("/{code}/versions", api.ListVersionsAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"The {name}'s published versions, oldest first (manager).");
        group.MapGet("/{code}/versions/latest", api.GetLatestVersionAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"The {name}'s latest published version (manager).");
        group.MapGet("/{code}/versions/{version}", api.GetVersionAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary($"One published version of the {name} (manager).");
        return endpoints;
    }
}

/// <summary>The handlers of one kind's endpoints; the kind and its route prefix are what they share.</summary>
internal sealed class DefinitionApi(IDefinitionKind kind, string prefix)
{
    private const string EmptyTree = """{"properties":{},"sequence":[]}""";

    internal async Task<Results<Created<DraftResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateDefinitionRequest request, DefinitionStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("name", request.Name, DefinitionModel.MaxNameLength);
        if (!DefinitionCode.IsValid(request.Code))
        {
            errors.Add("code", $"'code' must be {DefinitionCode.FormatDescription}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        using var empty = JsonDocument.Parse(EmptyTree);
        var result = await store.CreateDraftAsync(
            kind, request.Code!, request.Name!.Trim(), request.Definition ?? empty.RootElement, Actor(user), cancellationToken);
        return result.Outcome switch
        {
            DefinitionOutcome.Done => TypedResults.Created($"{prefix}/{request.Code}/draft", ToResponse(result.Value!)),
            DefinitionOutcome.AlreadyExists => TypedResults.Problem(
                $"A {kind.DisplayName} with code '{request.Code}' exists; edit its draft instead.", statusCode: StatusCodes.Status409Conflict, title: "Code taken"),
            _ => ProblemsResult(result.Problems),
        };
    }

    internal async Task<Ok<DefinitionSummaryResponse[]>> ListAsync(DefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(kind, cancellationToken))
            .Select(summary => new DefinitionSummaryResponse(summary.Code, summary.Name, summary.Revision, summary.UpdatedAt, summary.LatestVersion))
            .ToArray());

    internal async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> GetDraftAsync(
        string code, DefinitionStore store, CancellationToken cancellationToken) =>
        DefinitionCode.IsValid(code) && await store.GetDraftAsync(kind, code, cancellationToken) is { } draft
            ? TypedResults.Ok(ToResponse(draft))
            : NotFound(code);

    internal async Task<Results<Ok<DraftResponse>, ValidationProblem, ProblemHttpResult>> UpdateDraftAsync(
        string code, UpdateDraftRequest request, DefinitionStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!DefinitionCode.IsValid(code))
        {
            return NotFound(code);
        }

        var errors = RequireRevision(request.Revision).Required("name", request.Name, DefinitionModel.MaxNameLength);
        if (request.Definition is null)
        {
            errors.Add("definition", "'definition' is required: the whole tree, as the designer edits it.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await store.UpdateDraftAsync(
            kind, code, request.Revision!.Value, request.Name!.Trim(), request.Definition!.Value, Actor(user), cancellationToken);
        return result.Outcome switch
        {
            DefinitionOutcome.Done => TypedResults.Ok(ToResponse(result.Value!)),
            DefinitionOutcome.NotFound => NotFound(code),
            DefinitionOutcome.StaleRevision => Stale(request.Revision.Value, result.CurrentRevision!.Value),
            _ => ProblemsResult(result.Problems),
        };
    }

    internal async Task<Results<Created<VersionResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string code, PublishRequest request, DefinitionStore store, DefinitionPublications publications, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!DefinitionCode.IsValid(code))
        {
            return NotFound(code);
        }

        var errors = RequireRevision(request.Revision);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await store.PublishAsync(kind, code, request.Revision!.Value, Actor(user), cancellationToken);
        if (result.Outcome == DefinitionOutcome.Done)
        {
            publications.Announce(kind.Kind, code);
        }

        return result.Outcome switch
        {
            DefinitionOutcome.Done => TypedResults.Created($"{prefix}/{code}/versions/{result.Value!.Number}", ToResponse(result.Value)),
            DefinitionOutcome.NotFound => NotFound(code),
            DefinitionOutcome.StaleRevision => Stale(request.Revision.Value, result.CurrentRevision!.Value),
            DefinitionOutcome.Unchanged => TypedResults.Problem(
                $"Nothing changed since version {result.Value!.Number}: the draft has its name and tree. Edit the draft, then publish.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Nothing to publish",
                extensions: new Dictionary<string, object?> { ["latestVersion"] = result.Value.Number }),
            DefinitionOutcome.Contended => TypedResults.Problem(
                "Other publishes of this definition kept taking the next version number; nothing was published. Try again.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Concurrent publishes"),
            _ => ProblemsResult(result.Problems),
        };
    }

    internal async Task<Results<Ok<VersionSummaryResponse[]>, ProblemHttpResult>> ListVersionsAsync(
        string code, DefinitionStore store, CancellationToken cancellationToken) =>
        DefinitionCode.IsValid(code) && await store.ListVersionsAsync(kind, code, cancellationToken) is { } versions
            ? TypedResults.Ok(versions
                .Select(version => new VersionSummaryResponse(version.Number, version.Name, version.DraftRevision, version.PublishedAt, version.PublishedBy))
                .ToArray())
            : NotFound(code);

    internal async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetLatestVersionAsync(
        string code, DefinitionStore store, CancellationToken cancellationToken) =>
        DefinitionCode.IsValid(code) && await store.GetLatestVersionAsync(kind, code, cancellationToken) is { } version
            ? TypedResults.Ok(ToResponse(version))
            : TypedResults.Problem($"The {kind.DisplayName} '{code}' has no published version.", statusCode: StatusCodes.Status404NotFound, title: "Not published");

    internal async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersionAsync(
        string code, int version, DefinitionStore store, CancellationToken cancellationToken) =>
        DefinitionCode.IsValid(code) && await store.GetVersionAsync(kind, code, version, cancellationToken) is { } found
            ? TypedResults.Ok(ToResponse(found))
            : TypedResults.Problem($"The {kind.DisplayName} '{code}' has no version {version}.", statusCode: StatusCodes.Status404NotFound, title: "No such version");

    private static ValidationErrors RequireRevision(int? revision)
    {
        var errors = new ValidationErrors();
        return revision is null or < 1 ? errors.Add("revision", "'revision' is required: the draft revision this request is based on.") : errors;
    }

    private ProblemHttpResult NotFound(string code) =>
        TypedResults.Problem($"There is no {kind.DisplayName} with code '{code}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult Stale(int sent, int current) => TypedResults.Problem(
        $"The draft is at revision {current}, not {sent}. Reload it, reapply your change and retry.",
        statusCode: StatusCodes.Status409Conflict,
        title: "The draft has changed",
        extensions: new Dictionary<string, object?> { ["currentRevision"] = current });

    /// <summary>
    /// Definition problems keep the platform's field-keyed <c>errors</c> (any ProblemDetails client shows
    /// them) and add <c>problems</c>, which names each problem's step for the designer to highlight.
    /// </summary>
    private ProblemHttpResult ProblemsResult(IReadOnlyList<DefinitionProblem> problems)
    {
        var located = problems.Select(ToResponse).ToArray();
        return TypedResults.Problem(
            $"The {kind.DisplayName} has {located.Length} problem(s); each names its step and path.",
            statusCode: StatusCodes.Status400BadRequest,
            title: $"The {kind.DisplayName} is not valid.",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = located.GroupBy(problem => problem.Path).ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray()),
                ["problems"] = located,
            });
    }

    private static DefinitionProblemResponse ToResponse(DefinitionProblem problem) =>
        new(problem.StepId, problem.Path.Length == 0 ? "definition" : $"definition.{problem.Path}", problem.Message);

    private static DraftResponse ToResponse(DraftView view) => new(
        view.Draft.Code,
        view.Draft.Name,
        view.Draft.Revision,
        view.Draft.UpdatedAt,
        view.Draft.UpdatedBy,
        view.LatestVersion,
        ParseTree(view.Draft.Tree),
        [.. view.Problems.Select(ToResponse)]);

    private static VersionResponse ToResponse(DefinitionVersion version) => new(
        version.Code, version.Number, version.Name, version.DraftRevision, version.PublishedAt, version.PublishedBy, ParseTree(version.Tree));

    private static JsonElement ParseTree(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The account name (its email) as the author of a change, as the timeline shows it.</summary>
    private static string Actor(ClaimsPrincipal user) =>
        user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has no user name.");
}
