using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// Every answer the scenario's people got, counted by status code ("no answer" when the host could not be reached), and
/// the ones no fault excuses: a 5xx other than 503, and a 503 without <c>Retry-After</c>.
/// </summary>
internal sealed class Answers
{
    public const string NoAnswer = "no answer";

    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> unexcused = new();
    private readonly ConcurrentDictionary<string, int> unansweredKinds = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Unexcused => unexcused;

    /// <summary>The status codes seen, other than 2xx.</summary>
    public IReadOnlySet<string> ErrorCodes => counts.Keys.Where(code => !code.StartsWith('2')).ToHashSet(StringComparer.Ordinal);

    public int Count(string code) => counts.GetValueOrDefault(code);

    /// <summary>Requests the host took but did not answer within the client's timeout.</summary>
    public int TimedOut => unansweredKinds.Values.Sum();

    /// <summary>Sends once; null when no answer came (refused or cut connection, or the client's timeout).</summary>
    public async Task<HttpResponseMessage?> SendAsync(string kind, Func<Task<HttpResponseMessage>> request)
    {
        HttpResponseMessage response;
        try
        {
            response = await request();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            counts.AddOrUpdate(NoAnswer, 1, (_, count) => count + 1);
            // A refused connection is the host being down; a timeout is a request the host took and did not answer.
            if (e is TaskCanceledException)
            {
                unansweredKinds.AddOrUpdate(kind, 1, (_, count) => count + 1);
            }

            return null;
        }

        var code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        counts.AddOrUpdate(code, 1, (_, count) => count + 1);
        if ((int)response.StatusCode >= 500 && (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is null))
        {
            unexcused.Enqueue($"{kind}: {code} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    /// <summary>How long a client waits after an answer that says to come back: the Retry-After, at most a second, so recovery is measured closely.</summary>
    public static TimeSpan Pause(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(1) ? delta : TimeSpan.FromMilliseconds(response is null ? 200 : 1000);

    public override string ToString() =>
        string.Join(", ", counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}×{pair.Value}"))
        + (unansweredKinds.IsEmpty ? string.Empty : $" (timed out: {string.Join(", ", unansweredKinds.Select(pair => $"{pair.Key}×{pair.Value}"))})");
}
