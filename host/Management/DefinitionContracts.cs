using System.Text.Json;

namespace HelperPlatform.Host.Management;

/// <param name="Definition">The tree; when absent the draft starts empty (<c>{"properties":{},"sequence":[]}</c>).</param>
public sealed record CreateDefinitionRequest(string? Code, string? Name, JsonElement? Definition);

/// <param name="Revision">The draft revision the edit is based on; a stale one is answered 409.</param>
public sealed record UpdateDraftRequest(int? Revision, string? Name, JsonElement? Definition);

/// <param name="Revision">The draft revision the manager reviewed; publishing a draft changed since then is answered 409.</param>
public sealed record PublishRequest(int? Revision);

/// <param name="Path">Where in the request or response body, e.g. <c>definition.sequence[0].properties.passScore</c>.</param>
public sealed record DefinitionProblemResponse(string? StepId, string Path, string Message);

/// <param name="Problems">What keeps the draft from being published now; empty when it may be.</param>
public sealed record DraftResponse(
    string Code,
    string Name,
    int Revision,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    int? LatestVersion,
    JsonElement Definition,
    IReadOnlyList<DefinitionProblemResponse> Problems);

public sealed record DefinitionSummaryResponse(string Code, string Name, int Revision, DateTimeOffset UpdatedAt, int? LatestVersion);

public sealed record VersionSummaryResponse(int Version, string Name, int DraftRevision, DateTimeOffset PublishedAt, string PublishedBy);

public sealed record VersionResponse(
    string Code,
    int Version,
    string Name,
    int DraftRevision,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    JsonElement Definition);
