using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>
/// A manager reviews the photos of an earlier photo report and passes or fails the order; the flow continues
/// with the <c>Pass</c> or <c>Fail</c> branch. It runs only for orders picked by the service type's
/// <c>qualitySamplingPercent</c>; other orders skip it and both branches.
/// </summary>
public sealed class QualityReviewStep() : StepType(
    FlowStepTypes.QualityReview, [FlowStepProperties.PhotoReportStepId], OutcomeBranches.Pass, OutcomeBranches.Fail)
{
    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.EarlierStep(properties, FlowStepProperties.PhotoReportStepId, "there are no photos to review here") is { } reviewed
            && reviewed.Type != FlowStepTypes.PhotoReport)
        {
            properties.Problem(
                FlowStepProperties.PhotoReportStepId,
                $"'{reviewed.Id}' is a '{reviewed.Type}' step, which takes no photos; name a '{FlowStepTypes.PhotoReport}' step.");
        }
    }
}
