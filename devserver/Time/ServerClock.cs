namespace HelperPlatform.DevServer.Time;

/// <summary>
/// The server's notion of now. It follows the wall clock; time skipping adds an offset that only grows, so
/// virtual time keeps flowing while workers run and can also jump over idle periods.
/// </summary>
internal sealed class ServerClock(TimeProvider wallClock)
{
    private long skippedTicks;

    public DateTimeOffset Now => wallClock.GetUtcNow() + TimeSpan.FromTicks(Volatile.Read(ref skippedTicks));

    /// <summary>Moves virtual time forward to <paramref name="instant"/>; never moves it backwards.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var gap = instant - Now;
        if (gap > TimeSpan.Zero)
        {
            Interlocked.Add(ref skippedTicks, gap.Ticks);
        }
    }
}
