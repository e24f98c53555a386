namespace HelperPlatform.Workflows.Management;

/// <summary>
/// The keys of the tree every kind of definition shares (docs/test-sets.md, "The tree"): set-level
/// <c>properties</c> and a <c>sequence</c> of steps. Declared here, once, for Management's validators and the
/// workflows that interpret published trees.
/// </summary>
public static class DefinitionTreeKeys
{
    public const string Properties = "properties";
    public const string Sequence = "sequence";

    // A step's keys; properties as above, branches only on a branching step.
    public const string Id = "id";
    public const string ComponentType = "componentType";
    public const string Type = "type";
    public const string Name = "name";
    public const string Branches = "branches";
}

/// <summary>The branches of a step that routes on a test's or a review's outcome (<c>branchOnResult</c>, <c>qualityReview</c>).</summary>
public static class OutcomeBranches
{
    public const string Pass = "Pass";
    public const string Fail = "Fail";
}
