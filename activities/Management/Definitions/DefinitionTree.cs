using System.Text.Json;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// The designer's tree: set-level <see cref="Properties"/> and a <see cref="Sequence"/> of steps. Every kind
/// of definition (test sets, service types) shares this shape; only the step catalogue differs.
/// </summary>
public sealed record DefinitionTree(JsonElement Properties, IReadOnlyList<DefinitionStep> Sequence)
{
    /// <summary>Every step, depth first in document order.</summary>
    public IEnumerable<DefinitionStep> AllSteps() => Flatten(Sequence);

    private static IEnumerable<DefinitionStep> Flatten(IEnumerable<DefinitionStep> sequence) =>
        sequence.SelectMany(step => step.Branches.SelectMany(branch => Flatten(branch.Sequence)).Prepend(step));
}

/// <param name="Path">Where the step sits in the tree, e.g. <c>sequence[2].branches.Pass[0]</c>.</param>
public sealed record DefinitionStep(
    string Id,
    string ComponentType,
    string Type,
    string Name,
    JsonElement Properties,
    IReadOnlyList<DefinitionBranch> Branches,
    string Path);

public sealed record DefinitionBranch(string Name, IReadOnlyList<DefinitionStep> Sequence);
