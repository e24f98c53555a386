namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// One entry of a kind's step catalogue: what a step of this type looks like in the designer and what its
/// properties must satisfy.
/// </summary>
/// <param name="type">The step's <c>type</c> in the tree, e.g. <c>quiz</c>.</param>
/// <param name="propertyNames">The keys its <c>properties</c> may have; any other is reported, so a misspelt one is not silently ignored.</param>
/// <param name="branchNames">The branch names a step of this type must have, exactly; none for a task.</param>
public abstract class StepType(string type, IReadOnlyList<string> propertyNames, params IReadOnlyList<string> branchNames)
{
    public string Type { get; } = type;

    public IReadOnlyList<string> PropertyNames { get; } = propertyNames;

    public IReadOnlyList<string> BranchNames { get; } = branchNames;

    /// <summary>How the designer draws the step: <c>task</c> as a box, <c>switch</c> with its branches.</summary>
    public string ComponentType => BranchNames.Count == 0 ? "task" : "switch";

    /// <summary>True when nothing after this step in its sequence can run (e.g. a step that ends the flow).</summary>
    public virtual bool EndsFlow(DefinitionStep definitionStep) => false;

    /// <summary>The type's own rules; the catalogue has checked the shared ones and the property names before.</summary>
    /// <param name="properties">The step's <c>properties</c>.</param>
    /// <param name="scope">Where the step sits: the steps that always run before it.</param>
    public virtual void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
    }
}

/// <param name="AlwaysBefore">Steps that run before this one on every path to it (earlier siblings of it and of its enclosing branching steps).</param>
public sealed record StepScope(IReadOnlyList<DefinitionStep> AlwaysBefore)
{
    /// <summary>
    /// The step whose id the property <paramref name="name"/> holds, when it always runs before this one;
    /// otherwise null, with the problem reported.
    /// </summary>
    /// <param name="why">What goes wrong without it, to end the problem's message, e.g. <c>its result is not known here</c>.</param>
    public DefinitionStep? EarlierStep(PropertyReader properties, string name, string why)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Text(name, DefinitionModel.MaxCodeLength) is not { } stepId)
        {
            return null;
        }

        var step = AlwaysBefore.LastOrDefault(before => before.Id == stepId);
        if (step is null)
        {
            properties.Problem(name, $"'{stepId}' is not a step that always runs before this one, so {why}.");
        }

        return step;
    }
}
