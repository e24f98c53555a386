using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>Pauses the order for <c>duration</c> (a durable timer), e.g. to give quality control time before closing.</summary>
public sealed class WaitStep() : StepType(FlowStepTypes.Wait, [FlowStepProperties.Duration])
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems) =>
        properties.Duration(FlowStepProperties.Duration, MaxDuration);
}
