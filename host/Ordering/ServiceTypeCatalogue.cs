using System.Collections.Concurrent;
using System.Diagnostics;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// What Ordering's endpoints know of Management's published service types. A version is immutable, so once
/// fetched it is kept; which version is the latest is kept for <see cref="QuoteSettings.LatestVersionRefresh"/>,
/// and forgotten at once when Management publishes in this process. A miss asks Management through
/// <see cref="ServiceTypeLookupWorkflow"/>; concurrent misses for the same answer share one lookup.
/// </summary>
public sealed class ServiceTypeCatalogue
{
    /// <summary>Longer than the lookup's activity budget, so a slow Management worker ends as an error, not a hung request.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(20);

    private const int CrowdedAt = 512;

    private readonly ConcurrentDictionary<(string Code, int Version), Task<PublishedServiceType?>> versions = new();
    private readonly Dictionary<string, LatestLookup> latest = new(StringComparer.Ordinal);
    private readonly TemporalClientProvider temporal;
    private readonly TimeProvider time;
    private readonly TimeSpan latestVersionRefresh;

    public ServiceTypeCatalogue(TemporalClientProvider temporal, TimeProvider time, IOptions<QuoteSettings> settings, DefinitionPublications publications)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(publications);
        this.temporal = temporal;
        this.time = time;
        latestVersionRefresh = settings.Value.LatestVersionRefresh;
        publications.Published += (kind, code) =>
        {
            if (kind == PublishedServiceType.DefinitionKind)
            {
                lock (latest)
                {
                    latest.Remove(code);
                }
            }
        };
    }

    /// <returns>The latest published version of <paramref name="code"/>, or null when it has none.</returns>
    /// <exception cref="Temporalio.Exceptions.TemporalException">Management could not be asked.</exception>
    /// <exception cref="TimeoutException">There has been no connection to Temporal for the lookup's whole budget.</exception>
    public Task<PublishedServiceType?> LatestAsync(string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        LatestLookup lookup;
        lock (latest)
        {
            if (!latest.TryGetValue(code, out lookup!) || lookup.FreshUntil <= now || lookup.Answer.IsFaulted || lookup.Answer.IsCanceled)
            {
                ForgetStaleWhenCrowded(now);
                lookup = new LatestLookup(LookUpAsync(new ServiceTypeLookup(code, Version: null)), now + latestVersionRefresh);
                latest[code] = lookup;
            }
        }

        return lookup.Answer.WaitAsync(cancellationToken);
    }

    /// <returns>Version <paramref name="version"/> of <paramref name="code"/>, or null when it was never published.</returns>
    /// <exception cref="Temporalio.Exceptions.TemporalException">Management could not be asked.</exception>
    /// <exception cref="TimeoutException">There has been no connection to Temporal for the lookup's whole budget.</exception>
    public async Task<PublishedServiceType?> VersionAsync(string code, int version, CancellationToken cancellationToken)
    {
        var key = (code, version);
        if (!versions.TryGetValue(key, out var answer))
        {
            // GetOrAdd alone may run its factory twice under contention; the lock keeps misses to one lookup.
            lock (versions)
            {
                answer = versions.GetOrAdd(key, _ => LookUpAsync(new ServiceTypeLookup(code, version)));
            }
        }

        try
        {
            var found = await answer.WaitAsync(cancellationToken);
            if (found is null)
            {
                // Only what exists is immutable; an unknown version is asked again next time.
                versions.TryRemove(new KeyValuePair<(string, int), Task<PublishedServiceType?>>(key, answer));
            }

            return found;
        }
        catch (Exception) when (answer.IsFaulted || answer.IsCanceled)
        {
            versions.TryRemove(new KeyValuePair<(string, int), Task<PublishedServiceType?>>(key, answer));
            throw;
        }
    }

    /// <summary>
    /// Clients choose the codes they quote, unknown ones included, so the answers kept are pruned: past a few
    /// hundred codes, those no longer fresh go. What stays is what was asked within one refresh period.
    /// </summary>
    private void ForgetStaleWhenCrowded(DateTimeOffset now)
    {
        if (latest.Count < CrowdedAt)
        {
            return;
        }

        foreach (var stale in latest.Where(entry => entry.Value.FreshUntil <= now).Select(entry => entry.Key).ToList())
        {
            latest.Remove(stale);
        }
    }

    /// <summary>
    /// Not tied to any one caller's cancellation: the answer is shared by everyone who asked meanwhile. Waiting
    /// for a Temporal connection and the lookup itself share one <see cref="LookupTimeout"/>.
    /// </summary>
    private async Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup)
    {
        var started = Stopwatch.GetTimestamp();
        var client = await temporal.GetClientAsync(CancellationToken.None).WaitAsync(LookupTimeout);
        var remaining = LookupTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"Temporal answered only after the service type lookup's {LookupTimeout.TotalSeconds:0} s.");
        }

        var found = await client.ExecuteWorkflowAsync(
            (ServiceTypeLookupWorkflow workflow) => workflow.RunAsync(lookup),
            new WorkflowOptions(ServiceTypeLookupWorkflow.WorkflowId(lookup.Code, Guid.CreateVersion7()), BoundedContext.Ordering.TaskQueue()) { ExecutionTimeout = remaining });
        if (found is not null)
        {
            versions.TryAdd((found.Code, found.Version), Task.FromResult<PublishedServiceType?>(found));
        }

        return found;
    }

    private sealed record LatestLookup(Task<PublishedServiceType?> Answer, DateTimeOffset FreshUntil);
}
