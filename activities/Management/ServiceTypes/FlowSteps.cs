using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The ordering rules of the fulfilment flow: what must have happened before a step can run.</summary>
internal static class FlowSteps
{
    /// <summary>Reports the step when no <paramref name="requiredType"/> step runs before it on every path.</summary>
    public static void RequireBefore(DefinitionStep step, StepScope scope, DefinitionProblems problems, string requiredType, string why)
    {
        if (!scope.AlwaysBefore.Any(before => before.Type == requiredType))
        {
            problems.AddForStep(step, string.Empty, $"A '{step.Type}' step needs a '{requiredType}' step before it on every path: {why}.");
        }
    }
}
