using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>
/// Offers the order to qualified workers one at a time until one accepts; the offer and matching deadlines
/// are the service type's <c>offerDeadline</c> and <c>matchingDeadline</c>.
/// </summary>
public sealed class MatchWorkerStep() : StepType(FlowStepTypes.MatchWorker, []);
