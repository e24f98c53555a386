namespace HelperPlatform.Tests.Faults;

/// <summary>Waiting for a condition with a deadline, never for a fixed time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> failure)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Within {limit.TotalSeconds} s, {failure()}");
            await Task.Delay(Interval);
        }
    }

    /// <summary>Whether <paramref name="path"/> answers 2xx; false while nothing listens or a process still starting does not answer in time.</summary>
    public static async Task<bool> AnswersAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
