using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>The warehouse reserves and assembles the service type's <c>supplies</c> into a kit.</summary>
public sealed class PickSuppliesStep() : StepType(FlowStepTypes.PickSupplies, []);
