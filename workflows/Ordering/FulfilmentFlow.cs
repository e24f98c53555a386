using System.Text.Json;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>The step types of a service type's fulfilment flow (docs/service-types.md, "Step catalogue").</summary>
public static class FlowStepTypes
{
    public const string PickSupplies = "pickSupplies";
    public const string MatchWorker = "matchWorker";
    public const string HandOver = "handOver";
    public const string CheckIn = "checkIn";
    public const string PhotoReport = "photoReport";
    public const string QualityReview = "qualityReview";
    public const string Wait = "wait";
}

/// <summary>
/// One step of a published fulfilment flow, with the properties its type defines. Management validated the
/// tree before publishing it, so the properties a type needs are present.
/// </summary>
/// <param name="Pass">For <see cref="FlowStepTypes.QualityReview"/>: the steps run after a passed review.</param>
/// <param name="Fail">For <see cref="FlowStepTypes.QualityReview"/>: the steps run after a failed review.</param>
public sealed record FlowStep(
    string Id,
    string Type,
    string Name,
    int? RadiusMeters,
    int? MinPhotos,
    int? MaxPhotos,
    TimeSpan? Duration,
    IReadOnlyList<FlowStep> Pass,
    IReadOnlyList<FlowStep> Fail);

/// <summary>
/// Reads the <c>sequence</c> of a published service type tree into steps. Pure and deterministic, so the
/// order workflow reads the flow of its pinned version itself.
/// </summary>
public static class FulfilmentFlow
{
    public static IReadOnlyList<FlowStep> Read(string definitionJson)
    {
        using var document = JsonDocument.Parse(definitionJson);
        return Sequence(document.RootElement.GetProperty("sequence"));
    }

    private static List<FlowStep> Sequence(JsonElement sequence) => [.. sequence.EnumerateArray().Select(Step)];

    private static FlowStep Step(JsonElement step)
    {
        var properties = step.TryGetProperty("properties", out var found) ? found : default;
        var branches = step.TryGetProperty("branches", out var branchObject) ? branchObject : default;
        return new FlowStep(
            step.GetProperty("id").GetString()!,
            step.GetProperty("type").GetString()!,
            step.GetProperty("name").GetString()!,
            WholeNumber(properties, "radiusMeters"),
            WholeNumber(properties, "minPhotos"),
            WholeNumber(properties, "maxPhotos"),
            properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("duration", out var duration) && IsoDuration.TryParse(duration.GetString(), out var span)
                ? span
                : null,
            Branch(branches, "Pass"),
            Branch(branches, "Fail"));
    }

    private static int? WholeNumber(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static List<FlowStep> Branch(JsonElement branches, string name) =>
        branches.ValueKind == JsonValueKind.Object && branches.TryGetProperty(name, out var steps) ? Sequence(steps) : [];
}
