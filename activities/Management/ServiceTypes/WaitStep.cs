using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>Pauses the order for <c>duration</c> (a durable timer), e.g. to give quality control time before closing.</summary>
public sealed class WaitStep : StepType
{
    public const string TypeName = "wait";
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("duration");
        properties.Duration("duration", MaxDuration);
    }
}
