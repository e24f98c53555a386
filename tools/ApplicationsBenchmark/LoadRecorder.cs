using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace HelperPlatform.ApplicationsBenchmark;

/// <summary>Statuses and latencies of one kind of traffic (legitimate applicants, or the flood).</summary>
internal sealed class LoadRecorder
{
    private readonly ConcurrentQueue<(HttpStatusCode Status, double Milliseconds)> samples = new();

    public int Count => samples.Count;

    public async Task RecordAsync(Func<Task<HttpStatusCode>> request)
    {
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        try
        {
            status = await request();
        }
        catch (HttpRequestException)
        {
            status = 0;
        }

        samples.Enqueue((status, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    public int CountOf(HttpStatusCode status) => samples.Count(sample => sample.Status == status);

    public double ShareOf(HttpStatusCode status) => Count == 0 ? 0 : (double)CountOf(status) / Count;

    /// <summary>Nearest-rank percentile of the latencies, in milliseconds.</summary>
    public double Percentile(double percentile)
    {
        var sorted = samples.Select(sample => sample.Milliseconds).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public string Statuses() =>
        string.Join(", ", samples.GroupBy(sample => sample.Status).OrderBy(group => group.Key).Select(group => $"{(int)group.Key}: {group.Count()}"));
}
