using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>Warehouse staff hand the assembled kit to the assigned worker.</summary>
public sealed class HandOverStep : StepType
{
    public const string TypeName = "handOver";

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(scope);
        FlowSteps.NoProperties(definitionStep, problems);
        FlowSteps.RequireBefore(definitionStep, scope, problems, PickSuppliesStep.TypeName, "there is no kit to hand over until it is picked");
        FlowSteps.RequireBefore(definitionStep, scope, problems, MatchWorkerStep.TypeName, "there is nobody to hand the kit to until a worker is matched");
        if (scope.AlwaysBefore.FirstOrDefault(before => before.Type == CheckInStep.TypeName) is { } checkIn)
        {
            problems.AddForStep(definitionStep, string.Empty, $"The kit is handed over at the warehouse, so it must come before the worker checks in on site ('{checkIn.Id}').");
        }
    }
}
