using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>What other contexts ask the Management context about service types.</summary>
public sealed class ServiceTypeActivities(DefinitionStore store, ServiceTypeKind kind) : IServiceTypeActivities
{
    /// <summary>The latest published version of the service type, or null when it does not exist or was never published.</summary>
    [Activity]
    public async Task<PublishedServiceType?> FindPublishedServiceTypeAsync(string code)
    {
        var version = DefinitionCode.IsValid(code)
            ? await store.GetLatestVersionAsync(kind, code, ActivityExecutionContext.Current.CancellationToken)
            : null;
        return version is null
            ? null
            : ToPublished(version);
    }

    /// <summary>One published version, or null when it does not exist: what an order pinned when it was placed.</summary>
    [Activity]
    public async Task<PublishedServiceType?> FindServiceTypeVersionAsync(string code, int version)
    {
        var found = DefinitionCode.IsValid(code)
            ? await store.GetVersionAsync(kind, code, version, ActivityExecutionContext.Current.CancellationToken)
            : null;
        return found is null ? null : ToPublished(found);
    }

    private static PublishedServiceType ToPublished(DefinitionVersion version) =>
        new(version.Code, version.Number, version.Name, ServiceTypeKind.ReadPublishedTerms(version.Tree), version.Tree);
}
