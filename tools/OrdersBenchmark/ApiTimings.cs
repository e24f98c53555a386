using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>The latency of every API call the automated people make, by call kind (method and route).</summary>
internal sealed class ApiTimings
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> byKind = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> TimeAsync(string kind, Func<Task<HttpResponseMessage>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await call();
        Record(kind, Stopwatch.GetElapsedTime(started));
        return response;
    }

    /// <summary>A latency measured by the caller, for calls whose duration is not their latency (a waiting read's).</summary>
    public void Record(string kind, TimeSpan latency) => byKind.GetOrAdd(kind, _ => new ConcurrentQueue<double>()).Enqueue(latency.TotalMilliseconds);

    /// <summary>Forgets the samples so far (the warm-up's).</summary>
    public void Clear() => byKind.Clear();

    public IEnumerable<string> Report()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"{"call",-52} {"count",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var (kind, samples) in byKind.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var sorted = samples.Order().ToArray();
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"{kind,-52} {sorted.Length,7} {Percentile(sorted, 0.50),8:F1} {Percentile(sorted, 0.99),8:F1} {sorted[^1],8:F1}");
        }
    }

    public double WorstP99() => byKind.Values.Max(samples => Percentile([.. samples.Order()], 0.99));

    /// <summary>Nearest rank: the smallest sample with at least the share <paramref name="quantile"/> at or below it.</summary>
    private static double Percentile(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
