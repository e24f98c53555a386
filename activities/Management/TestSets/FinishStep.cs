using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>Ends the set at once with the given outcome; nothing after it in its sequence can run.</summary>
public sealed class FinishStep : StepType
{
    public const string TypeName = "finish";
    public const string Passed = "passed";
    public const string Failed = "failed";

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override bool EndsFlow(DefinitionStep definitionStep) => true;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("outcome");
        if (properties.Text("outcome", 16) is { } outcome && outcome is not (Passed or Failed))
        {
            properties.Problem("outcome", $"'outcome' must be '{Passed}' or '{Failed}'.");
        }
    }
}
