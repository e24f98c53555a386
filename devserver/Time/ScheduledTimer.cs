namespace HelperPlatform.DevServer.Time;

/// <summary>A callback due at a server-clock instant; cancelling it keeps it from ever firing.</summary>
internal sealed class ScheduledTimer(DateTimeOffset due, long sequence, Action onFire)
{
    /// <summary>
    /// Dropped on cancellation: a cancelled timer waits in the queue until its due time, and must not keep the
    /// run it would have touched (and that run's whole history) alive until then.
    /// </summary>
    private Action? onFire = onFire;

    public DateTimeOffset Due { get; } = due;

    /// <summary>Breaks ties between timers due at the same instant: the one scheduled first fires first.</summary>
    public long Sequence { get; } = sequence;

    public bool IsCancelled => onFire is null;

    public void Cancel() => onFire = null;

    public void Fire() => onFire?.Invoke();
}
