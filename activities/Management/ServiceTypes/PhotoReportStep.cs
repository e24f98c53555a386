using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The worker uploads photos of the finished job: at least <c>minPhotos</c>, at most <c>maxPhotos</c>.</summary>
public sealed class PhotoReportStep() : StepType(FlowStepTypes.PhotoReport, [FlowStepProperties.MinPhotos, FlowStepProperties.MaxPhotos])
{
    public const int MaxPhotosLimit = 20;

    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        var minPhotos = properties.WholeNumber(FlowStepProperties.MinPhotos, 1, MaxPhotosLimit);
        var maxPhotos = properties.WholeNumber(FlowStepProperties.MaxPhotos, 1, MaxPhotosLimit);
        if (maxPhotos < minPhotos)
        {
            properties.Problem(
                FlowStepProperties.MaxPhotos,
                $"'{FlowStepProperties.MaxPhotos}' {maxPhotos} is below '{FlowStepProperties.MinPhotos}' {minPhotos}, so no report could be accepted.");
        }

        FlowSteps.RequireBefore(definitionStep, scope, problems, FlowStepTypes.CheckIn, "the photos are taken on site, after checking in");
    }
}
