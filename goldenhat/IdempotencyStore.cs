using System.Text.Json.Nodes;

namespace HelperPlatform.GoldenHat;

/// <summary>
/// The first answer to each idempotency key, kept for <see cref="GoldenHatOptions.IdempotencyRetention"/> and
/// replayed for the same request; the same key with another request is refused, and a key whose first request
/// still runs is answered 409. Requests that fail validation are forgotten (<see cref="Forget"/>).
/// </summary>
public sealed class IdempotencyStore(GoldenHatOptions options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, KeyUse> uses = new(StringComparer.Ordinal);

    /// <summary>Claims the key for this request, or says why it cannot be run.</summary>
    public IdempotencyClaim Claim(string key, string endpoint, JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = options.TimeProvider.GetUtcNow();
        lock (gate)
        {
            if (uses.TryGetValue(key, out var earlier) && now - earlier.FirstSeen < options.IdempotencyRetention)
            {
                if (earlier.Endpoint != endpoint)
                {
                    return new IdempotencyClaim.Mismatch(["endpoint"], earlier.Endpoint);
                }

                var differing = Differences(earlier.Request, request);
                if (differing.Count > 0)
                {
                    return new IdempotencyClaim.Mismatch(differing, earlier.Endpoint);
                }

                return earlier.Answer is { } answer ? new IdempotencyClaim.Replay(answer) : new IdempotencyClaim.InProgress();
            }

            var use = new KeyUse(key, endpoint, (JsonObject)request.DeepClone(), now);
            uses[key] = use;
            return new IdempotencyClaim.Claimed(use);
        }
    }

    /// <summary>Stores the first answer, to be replayed for the rest of the retention.</summary>
    public void Complete(KeyUse use, StoredAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(use);
        lock (gate)
        {
            use.Answer = answer;
        }
    }

    /// <summary>Releases a claim whose request never ran (it failed validation, or Golden Hat failed), so the key is free again.</summary>
    public void Forget(KeyUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        lock (gate)
        {
            if (uses.TryGetValue(use.Key, out var current) && ReferenceEquals(current, use))
            {
                uses.Remove(use.Key);
            }
        }
    }

    private static List<string> Differences(JsonObject first, JsonObject second) =>
        [.. first.Select(property => property.Key).Union(second.Select(property => property.Key), StringComparer.Ordinal)
            .Where(name => !JsonNode.DeepEquals(first[name], second[name]))
            .Order(StringComparer.Ordinal)];
}

public sealed class KeyUse(string key, string endpoint, JsonObject request, DateTimeOffset firstSeen)
{
    public string Key { get; } = key;

    public string Endpoint { get; } = endpoint;

    public JsonObject Request { get; } = request;

    public DateTimeOffset FirstSeen { get; } = firstSeen;

    /// <summary>Null while the first request runs.</summary>
    public StoredAnswer? Answer { get; set; }
}

/// <param name="Body">The answer's JSON exactly as first sent.</param>
public sealed record StoredAnswer(int StatusCode, string Body);

public abstract record IdempotencyClaim
{
    public sealed record Claimed(KeyUse Use) : IdempotencyClaim;

    public sealed record Replay(StoredAnswer Answer) : IdempotencyClaim;

    public sealed record InProgress : IdempotencyClaim;

    /// <param name="Fields">The request fields that differ from the first use (or <c>endpoint</c>).</param>
    public sealed record Mismatch(IReadOnlyList<string> Fields, string FirstEndpoint) : IdempotencyClaim;
}
