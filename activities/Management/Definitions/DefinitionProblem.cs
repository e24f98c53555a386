namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// One thing wrong with a definition tree. <paramref name="StepId"/> names the step the designer should
/// highlight (null for set-level problems); <paramref name="Path"/> locates the value inside the tree,
/// e.g. <c>sequence[1].branches.Fail[0].properties.passScore</c>.
/// </summary>
public sealed record DefinitionProblem(string? StepId, string Path, string Message);

/// <summary>Collects every problem of a tree, so the designer can show them all at once.</summary>
public sealed class DefinitionProblems
{
    private readonly List<DefinitionProblem> problems = [];

    public IReadOnlyList<DefinitionProblem> All => problems;

    /// <summary>A problem of the tree itself or of its set-level properties.</summary>
    public void AddForTree(string path, string message) => Add(null, path, message);

    public void Add(string? stepId, string path, string message) => problems.Add(new DefinitionProblem(stepId, path, message));

    /// <param name="relativePath">Path inside the step, e.g. <c>properties.passScore</c>; empty for the step itself.</param>
    public void AddForStep(DefinitionStep step, string relativePath, string message)
    {
        ArgumentNullException.ThrowIfNull(step);
        var path = relativePath.Length == 0 ? step.Path : $"{step.Path}.{relativePath}";
        Add(step.Id, path, message);
    }
}
