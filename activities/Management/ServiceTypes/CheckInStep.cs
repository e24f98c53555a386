using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The worker checks in through the app, accepted only within <c>radiusMeters</c> of the order's address.</summary>
public sealed class CheckInStep : StepType
{
    public const string TypeName = "checkIn";
    public const int MinRadiusMeters = 10;
    public const int MaxRadiusMeters = 5000;

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("radiusMeters");
        properties.WholeNumber("radiusMeters", MinRadiusMeters, MaxRadiusMeters);
        FlowSteps.RequireBefore(definitionStep, scope, problems, MatchWorkerStep.TypeName, "only a matched worker can check in");
        if (scope.AlwaysBefore.Any(before => before.Type == PickSuppliesStep.TypeName))
        {
            FlowSteps.RequireBefore(definitionStep, scope, problems, HandOverStep.TypeName, "the worker needs the picked kit on site");
        }
    }
}
