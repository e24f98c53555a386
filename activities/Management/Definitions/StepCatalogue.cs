using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// The rules every kind's tree shares, given its catalogue of step types: known types with the right
/// component type and branches, unique step ids, no step that can never run; then each step type's own rules.
/// </summary>
public sealed class StepCatalogue
{
    private readonly Dictionary<string, StepType> types;

    public StepCatalogue(IEnumerable<StepType> stepTypes) => types = stepTypes.ToDictionary(type => type.Type, StringComparer.Ordinal);

    public IEnumerable<string> TypeNames => types.Keys;

    public StepType? Find(string type) => types.GetValueOrDefault(type);

    public void Validate(DefinitionTree tree, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(problems);
        ValidateIds(tree, problems);
        ValidateSequence(tree.Sequence, [], problems);
    }

    /// <summary>True when a sequence always stops the flow before its end, so nothing after it runs.</summary>
    private bool EndsFlow(IReadOnlyList<DefinitionStep> sequence) => sequence.Any(EndsFlow);

    private bool EndsFlow(DefinitionStep step) => Find(step.Type) is { } type &&
        (type.EndsFlow(step) || (step.Branches.Count > 0 && step.Branches.All(branch => EndsFlow(branch.Sequence))));

    private void ValidateSequence(IReadOnlyList<DefinitionStep> sequence, List<DefinitionStep> alwaysBefore, DefinitionProblems problems)
    {
        DefinitionStep? ender = null;
        var before = new List<DefinitionStep>(alwaysBefore);
        foreach (var step in sequence)
        {
            if (ender is not null)
            {
                problems.AddForStep(step, string.Empty, $"Step '{step.Id}' can never run: step '{ender.Id}' before it always ends the flow.");
            }

            ValidateStep(step, new StepScope([.. before]), problems);
            foreach (var branch in step.Branches)
            {
                ValidateSequence(branch.Sequence, [.. before, step], problems);
            }

            before.Add(step);
            if (ender is null && EndsFlow(step))
            {
                ender = step;
            }
        }
    }

    private void ValidateStep(DefinitionStep step, StepScope scope, DefinitionProblems problems)
    {
        if (Find(step.Type) is not { } type)
        {
            problems.AddForStep(step, DefinitionTreeKeys.Type, $"Unknown step type '{step.Type}'; known types: {string.Join(", ", TypeNames)}.");
            return;
        }

        if (step.ComponentType != type.ComponentType)
        {
            problems.AddForStep(step, DefinitionTreeKeys.ComponentType, $"A '{type.Type}' step has {DefinitionTreeKeys.ComponentType} '{type.ComponentType}', not '{step.ComponentType}'.");
        }

        if (string.IsNullOrWhiteSpace(step.Name))
        {
            problems.AddForStep(step, DefinitionTreeKeys.Name, "Every step needs a name.");
        }

        ValidateBranchNames(step, type, problems);
        var properties = PropertyReader.ForStep(step, problems);
        properties.AllowOnly(type.PropertyNames);
        type.Validate(step, properties, scope, problems);
    }

    private static void ValidateBranchNames(DefinitionStep step, StepType type, DefinitionProblems problems)
    {
        foreach (var branch in step.Branches.Where(branch => !type.BranchNames.Contains(branch.Name)))
        {
            problems.AddForStep(step, $"{DefinitionTreeKeys.Branches}.{branch.Name}", type.BranchNames.Count == 0
                ? $"A '{type.Type}' step has no branches."
                : $"A '{type.Type}' step has no branch '{branch.Name}'; its branches are {string.Join(", ", type.BranchNames)}.");
        }

        foreach (var name in type.BranchNames.Where(name => step.Branches.Count(branch => branch.Name == name) != 1))
        {
            problems.AddForStep(step, $"{DefinitionTreeKeys.Branches}.{name}", $"A '{type.Type}' step needs exactly one '{name}' branch.");
        }
    }

    private static void ValidateIds(DefinitionTree tree, DefinitionProblems problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in tree.AllSteps())
        {
            if (string.IsNullOrWhiteSpace(step.Id))
            {
                problems.AddForStep(step, DefinitionTreeKeys.Id, "Every step needs a non-empty id.");
            }
            else if (step.Id.Length > DefinitionModel.MaxCodeLength)
            {
                // Orders and applications store the step they are at; an id is a name, not a text.
                problems.AddForStep(step, "id", $"A step id has at most {DefinitionModel.MaxCodeLength} characters; this one has {step.Id.Length}.");
            }
            else if (!seen.Add(step.Id))
            {
                problems.AddForStep(step, DefinitionTreeKeys.Id, $"Step id '{step.Id}' is used by more than one step.");
            }
        }
    }
}
