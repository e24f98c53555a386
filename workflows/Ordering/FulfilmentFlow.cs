using System.Text.Json;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Workflows.Ordering;

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
        return Sequence(document.RootElement.GetProperty(DefinitionTreeKeys.Sequence));
    }

    private static List<FlowStep> Sequence(JsonElement sequence) => [.. sequence.EnumerateArray().Select(Step)];

    private static FlowStep Step(JsonElement step)
    {
        var properties = step.TryGetProperty(DefinitionTreeKeys.Properties, out var found) ? found : default;
        var branches = step.TryGetProperty(DefinitionTreeKeys.Branches, out var branchObject) ? branchObject : default;
        return new FlowStep(
            step.GetProperty(DefinitionTreeKeys.Id).GetString()!,
            step.GetProperty(DefinitionTreeKeys.Type).GetString()!,
            step.GetProperty(DefinitionTreeKeys.Name).GetString()!,
            WholeNumber(properties, FlowStepProperties.RadiusMeters),
            WholeNumber(properties, FlowStepProperties.MinPhotos),
            WholeNumber(properties, FlowStepProperties.MaxPhotos),
            properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(FlowStepProperties.Duration, out var duration) && IsoDuration.TryParse(duration.GetString(), out var span)
                ? span
                : null,
            Branch(branches, OutcomeBranches.Pass),
            Branch(branches, OutcomeBranches.Fail));
    }

    private static int? WholeNumber(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static List<FlowStep> Branch(JsonElement branches, string name) =>
        branches.ValueKind == JsonValueKind.Object && branches.TryGetProperty(name, out var steps) ? Sequence(steps) : [];
}
