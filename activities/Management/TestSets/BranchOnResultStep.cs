using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>
/// Routes on the outcome of an earlier test: <c>Pass</c> or <c>Fail</c>. A test that a branch routes on does
/// not end the set when it fails; its <c>Fail</c> branch decides what happens (e.g. a remedial quiz).
/// </summary>
public sealed class BranchOnResultStep() : StepType(
    TestSetStepTypes.BranchOnResult, [TestSetStepProperties.TestStepId], OutcomeBranches.Pass, OutcomeBranches.Fail)
{
    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.EarlierStep(properties, TestSetStepProperties.TestStepId, "its result is not known here") is { } test && !TestSetKind.IsTest(test))
        {
            properties.Problem(TestSetStepProperties.TestStepId, $"'{test.Id}' is a '{test.Type}' step, which has no result; name a quiz or a practical task.");
        }
    }
}
