using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>
/// Routes on the outcome of an earlier test: <c>Pass</c> or <c>Fail</c>. A test that a branch routes on does
/// not end the set when it fails; its <c>Fail</c> branch decides what happens (e.g. a remedial quiz).
/// </summary>
public sealed class BranchOnResultStep : StepType
{
    public const string TypeName = "branchOnResult";
    public const string PassBranch = "Pass";
    public const string FailBranch = "Fail";

    public override string Type => TypeName;

    public override string ComponentType => SwitchComponent;

    public override IReadOnlyList<string> BranchNames { get; } = [PassBranch, FailBranch];

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("testStepId");
        if (properties.Text("testStepId", DefinitionModel.MaxCodeLength) is not { } testStepId)
        {
            return;
        }

        var test = scope.AlwaysBefore.LastOrDefault(before => before.Id == testStepId);
        if (test is null)
        {
            properties.Problem("testStepId", $"'{testStepId}' is not a step that always runs before this one, so its result is not known here.");
        }
        else if (!TestSetKind.IsTest(test))
        {
            properties.Problem("testStepId", $"'{testStepId}' is a '{test.Type}' step, which has no result; name a quiz or a practical task.");
        }
    }
}
