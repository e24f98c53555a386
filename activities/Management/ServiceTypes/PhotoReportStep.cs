using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The worker uploads photos of the finished job: at least <c>minPhotos</c>, at most <c>maxPhotos</c>.</summary>
public sealed class PhotoReportStep : StepType
{
    public const string TypeName = "photoReport";
    public const int MaxPhotosLimit = 20;

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("minPhotos", "maxPhotos");
        var minPhotos = properties.WholeNumber("minPhotos", 1, MaxPhotosLimit);
        var maxPhotos = properties.WholeNumber("maxPhotos", 1, MaxPhotosLimit);
        if (maxPhotos < minPhotos)
        {
            properties.Problem("maxPhotos", $"'maxPhotos' {maxPhotos} is below 'minPhotos' {minPhotos}, so no report could be accepted.");
        }

        FlowSteps.RequireBefore(definitionStep, scope, problems, CheckInStep.TypeName, "the photos are taken on site, after checking in");
    }
}
