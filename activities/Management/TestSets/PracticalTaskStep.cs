using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>A task the candidate performs; a manager grades it from 0 to <c>maxScore</c>, passed at <c>passScore</c>.</summary>
public sealed class PracticalTaskStep() : StepType(
    TestSetStepTypes.PracticalTask, [TestSetStepProperties.Instructions, TestSetStepProperties.MaxScore, TestSetStepProperties.PassScore])
{
    private const int MaxScoreLimit = 1000;

    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        properties.Text(TestSetStepProperties.Instructions, 4000);
        var maxScore = properties.WholeNumber(TestSetStepProperties.MaxScore, 1, MaxScoreLimit);
        var passScore = properties.WholeNumber(TestSetStepProperties.PassScore);
        if (passScore < 1)
        {
            properties.Problem(TestSetStepProperties.PassScore, $"'{TestSetStepProperties.PassScore}' must be at least 1.");
        }
        else if (passScore > maxScore)
        {
            properties.Problem(TestSetStepProperties.PassScore, $"'{TestSetStepProperties.PassScore}' {passScore} is above '{TestSetStepProperties.MaxScore}' {maxScore}, so nobody could pass.");
        }
    }
}
