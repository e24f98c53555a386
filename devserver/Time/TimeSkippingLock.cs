namespace HelperPlatform.DevServer.Time;

/// <summary>
/// Counts the parties that want time skipping held back, like the Temporal test server: skipping starts locked,
/// and a test unlocks it only while it waits for a result.
/// </summary>
internal sealed class TimeSkippingLock(bool enabled)
{
    private int lockCount = 1;

    public bool Enabled { get; } = enabled;

    public bool IsUnlocked => Enabled && Volatile.Read(ref lockCount) <= 0;

    public void Lock() => Interlocked.Increment(ref lockCount);

    /// <summary>Releases one lock; fails when more unlocks than locks are asked for, as the test server does.</summary>
    public void Unlock()
    {
        if (Interlocked.Decrement(ref lockCount) < 0)
        {
            Interlocked.Increment(ref lockCount);
            throw new InvalidOperationException("Time skipping is already unlocked: unlock calls must balance lock calls.");
        }
    }
}
