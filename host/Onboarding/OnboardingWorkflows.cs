using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Onboarding;

/// <summary>How the host starts, updates and queries an application's onboarding workflow.</summary>
public sealed class OnboardingWorkflows(TemporalClientProvider temporal, IOptions<OnboardingSettings> settings)
{
    /// <summary>
    /// Starts the workflow of a stored application. The id comes from the application, and Temporal refuses a
    /// second start of it, even after the first run ended: a duplicate submission never starts a second one.
    /// </summary>
    public async Task EnsureStartedAsync(Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var client = await temporal.GetClientAsync(cancellationToken);
        var input = application.WorkflowInput(settings.Value.ConfirmationWindow);
        try
        {
            await client.StartWorkflowAsync(
                (OnboardingWorkflow workflow) => workflow.RunAsync(input),
                new WorkflowOptions(OnboardingWorkflow.WorkflowId(application.Id), BoundedContext.Onboarding.TaskQueue())
                {
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
                });
        }
        catch (WorkflowAlreadyStartedException)
        {
            // Started by the first submission (or a retry of it): exactly what we want.
        }
    }

    public async Task<WorkflowHandle<OnboardingWorkflow>> HandleAsync(Guid applicationId, CancellationToken cancellationToken) =>
        (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<OnboardingWorkflow>(OnboardingWorkflow.WorkflowId(applicationId));
}
