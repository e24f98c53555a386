using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>
/// A manager reviews the photos of an earlier photo report and passes or fails the order; the flow continues
/// with the <c>Pass</c> or <c>Fail</c> branch. It runs only for orders picked by the service type's
/// <c>qualitySamplingPercent</c>; other orders skip it and both branches.
/// </summary>
public sealed class QualityReviewStep : StepType
{
    public const string TypeName = "qualityReview";
    public const string PassBranch = "Pass";
    public const string FailBranch = "Fail";

    public override string Type => TypeName;

    public override string ComponentType => SwitchComponent;

    public override IReadOnlyList<string> BranchNames { get; } = [PassBranch, FailBranch];

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("photoReportStepId");
        if (properties.Text("photoReportStepId", DefinitionModel.MaxCodeLength) is not { } photoReportStepId)
        {
            return;
        }

        var reviewed = scope.AlwaysBefore.LastOrDefault(before => before.Id == photoReportStepId);
        if (reviewed is null)
        {
            properties.Problem("photoReportStepId", $"'{photoReportStepId}' is not a step that always runs before this one, so there are no photos to review here.");
        }
        else if (reviewed.Type != PhotoReportStep.TypeName)
        {
            properties.Problem("photoReportStepId", $"'{photoReportStepId}' is a '{reviewed.Type}' step, which takes no photos; name a '{PhotoReportStep.TypeName}' step.");
        }
    }
}
