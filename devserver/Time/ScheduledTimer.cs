namespace HelperPlatform.DevServer.Time;

/// <summary>A callback due at a server-clock instant; cancelling it keeps it from ever firing.</summary>
internal sealed class ScheduledTimer(DateTimeOffset due, long sequence, Action onFire)
{
    public DateTimeOffset Due { get; } = due;

    /// <summary>Breaks ties between timers due at the same instant: the one scheduled first fires first.</summary>
    public long Sequence { get; } = sequence;

    public bool IsCancelled { get; private set; }

    public void Cancel() => IsCancelled = true;

    public void Fire() => onFire();
}
