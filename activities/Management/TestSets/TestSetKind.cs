using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>
/// Test sets: the step catalogue (quiz, practical task, branch on result, finish) and the set-level rules
/// (skill, attempts per test, deadline). The format is documented in docs/test-sets.md.
/// </summary>
public sealed class TestSetKind : IDefinitionKind
{
    public const int MaxAttemptsPerTest = 100;
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(365);

    private static readonly StepCatalogue Catalogue = new(
        [new QuizStep(), new PracticalTaskStep(), new BranchOnResultStep(), new FinishStep()]);

    public string Kind => "test-set";

    public string DisplayName => "test set";

    public string PublishedEventType => "TestSetConfigured";

    /// <summary>Steps that the candidate takes and that pass or fail.</summary>
    public static bool IsTest(DefinitionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Type is QuizStep.TypeName or PracticalTaskStep.TypeName;
    }

    public DefinitionCheck Check(DefinitionTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var problems = new DefinitionProblems();
        var skill = CheckSetProperties(PropertyReader.ForTree(tree, problems));
        if (!tree.AllSteps().Any(IsTest))
        {
            problems.AddForTree("sequence", "A test set needs at least one quiz or practical task.");
        }

        Catalogue.Validate(tree, problems);
        return new DefinitionCheck(problems.All, skill is null ? null : new DefinitionSubject(skill, "properties.skill"));
    }

    /// <returns>The skill the set grants, when it is a valid code.</returns>
    private static string? CheckSetProperties(PropertyReader properties)
    {
        properties.AllowOnly("skill", "attemptsPerTest", "deadline");
        properties.WholeNumber("attemptsPerTest", 1, MaxAttemptsPerTest);
        properties.Duration("deadline", MaxDeadline);

        var skill = properties.Text("skill", DefinitionModel.MaxCodeLength);
        if (skill is not null && !DefinitionCode.IsValid(skill))
        {
            properties.Problem("skill", $"'skill' must be a code: {DefinitionCode.FormatDescription}.");
            return null;
        }

        return skill;
    }
}
