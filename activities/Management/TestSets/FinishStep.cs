using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>Ends the set at once with the given outcome; nothing after it in its sequence can run.</summary>
public sealed class FinishStep() : StepType(TestSetStepTypes.Finish, [TestSetStepProperties.Outcome])
{
    public override bool EndsFlow(DefinitionStep definitionStep) => true;

    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        if (properties.Text(TestSetStepProperties.Outcome, 16) is { } outcome && outcome is not (FinishOutcomes.Passed or FinishOutcomes.Failed))
        {
            properties.Problem(TestSetStepProperties.Outcome, $"'{TestSetStepProperties.Outcome}' must be '{FinishOutcomes.Passed}' or '{FinishOutcomes.Failed}'.");
        }
    }
}
