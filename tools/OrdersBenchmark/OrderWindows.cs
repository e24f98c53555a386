namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// Where and when each order of a run is wanted. Every order has its own half hour in its city, so the worker booked
/// for one is free for the next and matching never waits. Quotes reach at most 90 days ahead, which holds
/// <see cref="PerCity"/> half hours; a run with more orders fills the first city's half hours, then the next city's,
/// each city with a worker pool of its own, as large as the first.
/// </summary>
internal sealed class OrderWindows
{
    /// <summary>Half hours from the first window (day after tomorrow, 08:00 UTC) to a safe day short of the 90-day limit.</summary>
    public const int PerCity = 48 * 86;

    private readonly DateTimeOffset first;

    public OrderWindows(DateTimeOffset now, int orders)
    {
        first = new DateTimeOffset(now.UtcDateTime.Date.AddDays(2).AddHours(8), TimeSpan.Zero);
        Cities = Enumerable.Range(0, (orders + PerCity - 1) / PerCity)
            .Select(index => index == 0 ? BenchmarkPlatform.City : $"{BenchmarkPlatform.City} {index + 1}")
            .ToList();
    }

    public IReadOnlyList<string> Cities { get; }

    /// <summary>The city and window start of the order with this run-wide index (warm-up orders included).</summary>
    public (string City, DateTimeOffset WindowStart) Of(int index)
    {
        if (index >= Cities.Count * PerCity)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The run has windows for {Cities.Count * PerCity} orders.");
        }

        return (Cities[index / PerCity], first.AddMinutes(30 * (index % PerCity)));
    }
}
