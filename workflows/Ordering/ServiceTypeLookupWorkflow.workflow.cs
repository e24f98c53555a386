using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;
using Temporalio.Common;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// Fetches a published service type for Ordering's API while a client waits. Ordering never reads the management
/// schema, so it asks the Management worker; the API keeps what it learns (versions are immutable), so this runs
/// only when its cache has no answer.
/// </summary>
[Workflow]
public sealed class ServiceTypeLookupWorkflow
{
    /// <summary>The code first, so ops (and tests) can find the lookups of one service type.</summary>
    public static string WorkflowId(string code, Guid lookupId) => $"{WorkflowIdPrefix(code)}{lookupId}";

    public static string WorkflowIdPrefix(string code) => $"service-type-lookup-{code}-";

    /// <returns>The version asked for (the latest when <see cref="ServiceTypeLookup.Version"/> is null), or null when there is none.</returns>
    [WorkflowRun]
    public Task<PublishedServiceType?> RunAsync(ServiceTypeLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var code = lookup.Code;
        return lookup.Version is { } version
            ? Workflow.ExecuteActivityAsync((IServiceTypeActivities serviceTypes) => serviceTypes.FindServiceTypeVersionAsync(code, version), Quick)
            : Workflow.ExecuteActivityAsync((IServiceTypeActivities serviceTypes) => serviceTypes.FindPublishedServiceTypeAsync(code), Quick);
    }

    /// <summary>A client waits for the answer: a few quick attempts, then the API answers 503 rather than hang.</summary>
    private static ActivityOptions Quick { get; } = new()
    {
        TaskQueue = BoundedContext.Management.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(5),
        ScheduleToCloseTimeout = TimeSpan.FromSeconds(15),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(200), MaximumAttempts = 3 },
    };
}

/// <summary>A service type by code: one version, or the latest published one when <paramref name="Version"/> is null.</summary>
public sealed record ServiceTypeLookup(string Code, int? Version);
