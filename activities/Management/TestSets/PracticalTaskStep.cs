using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>A task the candidate performs; a manager grades it from 0 to <c>maxScore</c>, passed at <c>passScore</c>.</summary>
public sealed class PracticalTaskStep : StepType
{
    public const string TypeName = "practicalTask";
    private const int MaxScoreLimit = 1000;

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("instructions", "maxScore", "passScore");
        properties.Text("instructions", 4000);
        var maxScore = properties.WholeNumber("maxScore", 1, MaxScoreLimit);
        var passScore = properties.WholeNumber("passScore");
        if (passScore < 1)
        {
            properties.Problem("passScore", "'passScore' must be at least 1.");
        }
        else if (passScore > maxScore)
        {
            properties.Problem("passScore", $"'passScore' {passScore} is above 'maxScore' {maxScore}, so nobody could pass.");
        }
    }
}
