using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>Warehouse staff hand the assembled kit to the assigned worker.</summary>
public sealed class HandOverStep() : StepType(FlowStepTypes.HandOver, [])
{
    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        FlowSteps.RequireBefore(definitionStep, scope, problems, FlowStepTypes.PickSupplies, "there is no kit to hand over until it is picked");
        FlowSteps.RequireBefore(definitionStep, scope, problems, FlowStepTypes.MatchWorker, "there is nobody to hand the kit to until a worker is matched");
        if (scope.AlwaysBefore.FirstOrDefault(before => before.Type == FlowStepTypes.CheckIn) is { } checkIn)
        {
            problems.AddForStep(definitionStep, string.Empty, $"The kit is handed over at the warehouse, so it must come before the worker checks in on site ('{checkIn.Id}').");
        }
    }
}
