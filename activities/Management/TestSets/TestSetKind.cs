using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

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

    public string Kind => PublishedTestSet.DefinitionKind;

    public StepCatalogue Steps => Catalogue;

    public string DisplayName => "test set";

    public string PublishedEventType => ManagementEvents.TestSetConfigured;

    /// <summary>Steps that the candidate takes and that pass or fail.</summary>
    public static bool IsTest(DefinitionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Type is TestSetStepTypes.Quiz or TestSetStepTypes.PracticalTask;
    }

    public DefinitionCheck Check(DefinitionTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var problems = new DefinitionProblems();
        var skill = CheckSetProperties(PropertyReader.ForTree(tree, problems));
        if (!tree.AllSteps().Any(IsTest))
        {
            problems.AddForTree(DefinitionTreeKeys.Sequence, "A test set needs at least one quiz or practical task.");
        }

        Catalogue.Validate(tree, problems);
        return new DefinitionCheck(problems.All, skill is null ? null : new DefinitionSubject(skill, $"{DefinitionTreeKeys.Properties}.{TestSetProperties.Skill}"));
    }

    /// <returns>The skill the set grants, when it is a valid code.</returns>
    private static string? CheckSetProperties(PropertyReader properties)
    {
        properties.AllowOnly(TestSetProperties.Skill, TestSetProperties.AttemptsPerTest, TestSetProperties.Deadline);
        properties.WholeNumber(TestSetProperties.AttemptsPerTest, 1, MaxAttemptsPerTest);
        properties.Duration(TestSetProperties.Deadline, MaxDeadline);

        var skill = properties.Text(TestSetProperties.Skill, DefinitionModel.MaxCodeLength);
        if (skill is not null && !DefinitionCode.IsValid(skill))
        {
            properties.Problem(TestSetProperties.Skill, $"'{TestSetProperties.Skill}' must be a code: {DefinitionCode.FormatDescription}.");
            return null;
        }

        return skill;
    }
}
