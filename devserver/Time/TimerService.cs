using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Time;

/// <summary>
/// Every server-side deadline (user timers, activity and workflow timeouts, retry backoffs) lives here and fires
/// in due order under the engine gate. With time skipping unlocked, when the server is idle the clock jumps
/// straight to the next deadline instead of waiting for it.
/// </summary>
internal sealed class TimerService : IAsyncDisposable
{
    /// <summary>How long the pump sleeps at most, so a missed wake-up costs latency, never a stuck timer.</summary>
    private static readonly TimeSpan MaximumNap = TimeSpan.FromMilliseconds(200);

    private readonly object gate;
    private readonly ServerClock clock;
    private readonly TimeSkippingLock skipping;
    private readonly Func<bool> isIdle;
    private readonly ILogger logger;
    private readonly PriorityQueue<ScheduledTimer, (DateTimeOffset Due, long Sequence)> pending = new();
    private readonly SemaphoreSlim wakeSignal = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;
    private long nextSequence;
    private int wakePending;

    /// <summary>When the sleeping pump will look next (under the gate); only an earlier deadline needs to wake it.</summary>
    private DateTimeOffset plannedLook = DateTimeOffset.MinValue;

    /// <param name="gate">The engine lock; timers fire while holding it.</param>
    /// <param name="isIdle">Tells, under the gate, whether nothing is runnable, so skipping may jump the clock.</param>
    public TimerService(object gate, ServerClock clock, TimeSkippingLock skipping, Func<bool> isIdle, ILogger logger)
    {
        this.gate = gate;
        this.clock = clock;
        this.skipping = skipping;
        this.isIdle = isIdle;
        this.logger = logger;
        pump = Task.Run(PumpAsync);
    }

    /// <summary>Schedules <paramref name="onFire"/> after <paramref name="delay"/> of server time. Call under the gate.</summary>
    public ScheduledTimer ScheduleAfter(TimeSpan delay, Action onFire) => ScheduleAt(clock.Now + delay, onFire);

    /// <summary>Schedules <paramref name="onFire"/> at a server-clock instant. Call under the gate.</summary>
    public ScheduledTimer ScheduleAt(DateTimeOffset due, Action onFire)
    {
        var timer = new ScheduledTimer(due, nextSequence++, onFire);
        pending.Enqueue(timer, (timer.Due, timer.Sequence));
        // Most deadlines (task and activity timeouts) lie well after one already pending: waking the pump for them
        // would only make it take the gate and go back to sleep.
        if (due < plannedLook)
        {
            Wake();
        }
        return timer;
    }

    /// <summary>Asks the pump to look again: something may be due, or the server may have become idle.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wakeSignal.Release();
        }
    }

    /// <summary>Advances the clock by <paramref name="duration"/>, firing each deadline on the way in due order.</summary>
    public void SkipBy(TimeSpan duration)
    {
        lock (gate)
        {
            var target = clock.Now + duration;
            while (TryPeekLive(out var next) && next.Due <= target)
            {
                clock.AdvanceTo(next.Due);
                FireNext();
            }
            clock.AdvanceTo(target);
        }
        // The pump planned its next look on the clock before the jump; it must plan again from the new time.
        Wake();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await pump;
        }
        catch (OperationCanceledException)
        {
            // The pump ends by cancellation; nothing is left to fire.
        }
        stopping.Dispose();
        wakeSignal.Dispose();
    }

    private async Task PumpAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan nap;
            lock (gate)
            {
                FireDueTimers();
                var now = clock.Now;
                nap = TryPeekLive(out var next) ? RoundUpToMillisecond(next.Due - now) : MaximumNap;
                nap = nap > MaximumNap ? MaximumNap : nap;
                plannedLook = now + nap;
            }
            await wakeSignal.WaitAsync(nap, stopping.Token);
            Interlocked.Exchange(ref wakePending, 0);
        }
    }

    /// <summary>
    /// A wait shorter than a millisecond would be truncated to zero, and the pump would spin (taking the gate each
    /// time) until the deadline arrives.
    /// </summary>
    private static TimeSpan RoundUpToMillisecond(TimeSpan nap) =>
        nap <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(nap.TotalMilliseconds));

    private void FireDueTimers()
    {
        while (TryPeekLive(out var next))
        {
            if (next.Due > clock.Now)
            {
                if (!skipping.IsUnlocked || !isIdle())
                {
                    return;
                }
                clock.AdvanceTo(next.Due);
            }
            FireNext();
        }
    }

    private void FireNext()
    {
        var timer = pending.Dequeue();
        try
        {
            timer.Fire();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // One faulty deadline must not stop every other timer of the server.
            logger.LogError(exception, "A timer due at {Due} failed", timer.Due);
        }
    }

    private bool TryPeekLive(out ScheduledTimer next)
    {
        while (pending.TryPeek(out next!, out _))
        {
            if (!next.IsCancelled)
            {
                return true;
            }
            pending.Dequeue();
        }
        return false;
    }
}
