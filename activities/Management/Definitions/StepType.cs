namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// One entry of a kind's step catalogue: what a step of this type looks like in the designer and what its
/// properties must satisfy.
/// </summary>
public abstract class StepType
{
    /// <summary>The designer renders <c>task</c> steps as boxes and <c>switch</c> steps with branches.</summary>
    public const string TaskComponent = "task";
    public const string SwitchComponent = "switch";

    /// <summary>The step's <c>type</c> in the tree, e.g. <c>quiz</c>.</summary>
    public abstract string Type { get; }

    public abstract string ComponentType { get; }

    /// <summary>The branch names a step of this type must have, exactly; none for a task.</summary>
    public virtual IReadOnlyList<string> BranchNames => [];

    /// <summary>True when nothing after this step in its sequence can run (e.g. a step that ends the flow).</summary>
    public virtual bool EndsFlow(DefinitionStep definitionStep) => false;

    /// <param name="scope">Where the step sits: the steps that always run before it.</param>
    public abstract void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems);
}

/// <param name="AlwaysBefore">Steps that run before this one on every path to it (earlier siblings of it and of its enclosing branching steps).</param>
public sealed record StepScope(IReadOnlyList<DefinitionStep> AlwaysBefore);
