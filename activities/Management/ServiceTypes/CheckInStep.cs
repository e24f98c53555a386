using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The worker checks in through the app, accepted only within <c>radiusMeters</c> of the order's address.</summary>
public sealed class CheckInStep() : StepType(FlowStepTypes.CheckIn, [FlowStepProperties.RadiusMeters])
{
    public const int MinRadiusMeters = 10;
    public const int MaxRadiusMeters = 5000;

    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        properties.WholeNumber(FlowStepProperties.RadiusMeters, MinRadiusMeters, MaxRadiusMeters);
        FlowSteps.RequireBefore(definitionStep, scope, problems, FlowStepTypes.MatchWorker, "only a matched worker can check in");
        if (scope.AlwaysBefore.Any(before => before.Type == FlowStepTypes.PickSupplies))
        {
            FlowSteps.RequireBefore(definitionStep, scope, problems, FlowStepTypes.HandOver, "the worker needs the picked kit on site");
        }
    }
}
