using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The warehouse reserves and assembles the service type's <c>supplies</c> into a kit.</summary>
public sealed class PickSuppliesStep : StepType
{
    public const string TypeName = "pickSupplies";

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems) =>
        FlowSteps.NoProperties(definitionStep, problems);
}
