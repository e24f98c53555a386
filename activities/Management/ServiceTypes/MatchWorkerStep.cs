using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>
/// Offers the order to qualified workers one at a time until one accepts; the offer and matching deadlines
/// are the service type's <c>offerDeadline</c> and <c>matchingDeadline</c>.
/// </summary>
public sealed class MatchWorkerStep : StepType
{
    public const string TypeName = "matchWorker";

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems) =>
        FlowSteps.NoProperties(definitionStep, problems);
}
