using System.Collections.Concurrent;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// What Ordering's endpoints know of Management's published service types. A version is immutable, so once
/// fetched it is kept. Which version is the latest is fresh for <see cref="QuoteSettings.LatestVersionRefresh"/>;
/// then the next caller starts one lookup in the background and callers keep the last answer while it runs, for at
/// most one more period, so a refresh never holds quotes up, nor turns them into 503s while Management is briefly
/// slow; past that, callers wait for the lookup. A publish in this process forgets the latest version at once. A
/// miss asks Management (<see cref="IServiceTypeLookups"/>); concurrent misses for the same answer share one lookup.
/// </summary>
public sealed class ServiceTypeCatalogue
{
    private const int CrowdedAt = 512;

    private readonly ConcurrentDictionary<(string Code, int Version), Task<PublishedServiceType?>> versions = new();
    private readonly Dictionary<string, LatestLookup> latest = new(StringComparer.Ordinal);
    private readonly IServiceTypeLookups lookups;
    private readonly TimeProvider time;
    private readonly TimeSpan latestVersionRefresh;

    public ServiceTypeCatalogue(IServiceTypeLookups lookups, TimeProvider time, IOptions<QuoteSettings> settings, DefinitionPublications publications)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(publications);
        this.lookups = lookups;
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
            if (!latest.TryGetValue(code, out lookup!) || lookup.Answer.IsFaulted || lookup.Answer.IsCanceled || lookup.FreshUntil + latestVersionRefresh <= now)
            {
                ForgetStaleWhenCrowded(now);
                lookup = new LatestLookup(LookUpAsync(new ServiceTypeLookup(code, Version: null)), now + latestVersionRefresh, Refreshing: false);
                latest[code] = lookup;
            }
            else if (lookup.FreshUntil <= now && lookup.Answer.IsCompletedSuccessfully && !lookup.Refreshing)
            {
                var refreshing = lookup with { Refreshing = true };
                latest[code] = refreshing;
                _ = RefreshAsync(code, refreshing);
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
    /// Replaces the stale answer with the refreshed one, unless a publish or a wait that outlived the stale answer
    /// replaced the entry meanwhile; a failed refresh leaves the stale answer for the next caller to refresh again.
    /// </summary>
    private async Task RefreshAsync(string code, LatestLookup stale)
    {
        var refreshed = LookUpAsync(new ServiceTypeLookup(code, Version: null));

        // A failure is not thrown here: callers keep the stale answer within its bound, past it they wait for a lookup of their own.
        await ((Task)refreshed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        lock (latest)
        {
            if (latest.TryGetValue(code, out var current) && ReferenceEquals(current, stale))
            {
                latest[code] = refreshed.IsCompletedSuccessfully
                    ? new LatestLookup(refreshed, time.GetUtcNow() + latestVersionRefresh, Refreshing: false)
                    : stale with { Refreshing = false };
            }
        }
    }

    /// <summary>Not tied to any one caller's cancellation: the answer is shared by everyone who asked meanwhile.</summary>
    private async Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup)
    {
        var found = await lookups.LookUpAsync(lookup);
        if (found is not null)
        {
            versions.TryAdd((found.Code, found.Version), Task.FromResult<PublishedServiceType?>(found));
        }

        return found;
    }

    /// <param name="Refreshing">A background lookup is replacing this stale answer.</param>
    private sealed record LatestLookup(Task<PublishedServiceType?> Answer, DateTimeOffset FreshUntil, bool Refreshing);
}
