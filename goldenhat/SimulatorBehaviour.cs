namespace HelperPlatform.GoldenHat;

/// <summary>
/// How the simulated processor misbehaves, changed at run time through <c>PUT /simulator/behaviour</c> (or
/// directly when embedded). The API switches act on <c>/v1</c> only, so the switches stay reachable.
/// </summary>
public sealed class SimulatorBehaviour
{
    private readonly Lock gate = new();
    private int failuresLeft;
    private int timeoutsLeft;
    private TimeSpan responseDelay;
    private TimeSpan processingDelay;
    private string outage = Outages.None;
    private bool duplicateWebhooks;
    private bool reorderWebhooks;
    private TaskCompletionSource webhooksReleased = Released();

    public SimulatorBehaviour(TimeSpan processingDelay) => this.processingDelay = processingDelay;

    /// <summary>Raised (outside the lock) when reordering is switched off, so held-back webhooks go out.</summary>
    public event EventHandler? ReorderingEnded;

    public TimeSpan ResponseDelay
    {
        get { lock (gate) { return responseDelay; } }
    }

    public TimeSpan ProcessingDelay
    {
        get { lock (gate) { return processingDelay; } }
    }

    public string Outage
    {
        get { lock (gate) { return outage; } }
    }

    public bool DuplicateWebhooks
    {
        get { lock (gate) { return duplicateWebhooks; } }
    }

    public bool ReorderWebhooks
    {
        get { lock (gate) { return reorderWebhooks; } }
    }

    /// <summary>Completes when webhooks may be sent; pending while they are held.</summary>
    public Task WebhooksReleased
    {
        get { lock (gate) { return webhooksReleased.Task; } }
    }

    /// <summary>API requests answered 500 by <see cref="BehaviourChange.FailNextRequests"/> so far.</summary>
    public int FailedRequests { get; private set; }

    /// <summary>API requests whose answer was withheld by <see cref="BehaviourChange.TimeOutNextRequests"/> so far.</summary>
    public int TimedOutRequests { get; private set; }

    /// <exception cref="ArgumentException">A negative count or delay, or an unknown outage.</exception>
    public void Apply(BehaviourChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.FailNextRequests < 0 || change.TimeOutNextRequests < 0 || change.ResponseDelay < TimeSpan.Zero || change.ProcessingDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Counts and delays cannot be negative.", nameof(change));
        }

        if (change.Outage is { } requested && !Outages.All.Contains(requested))
        {
            throw new ArgumentException($"The outage must be one of {string.Join(", ", Outages.All)}.", nameof(change));
        }

        bool reorderingEnded;
        lock (gate)
        {
            failuresLeft = change.FailNextRequests ?? failuresLeft;
            timeoutsLeft = change.TimeOutNextRequests ?? timeoutsLeft;
            responseDelay = change.ResponseDelay ?? responseDelay;
            processingDelay = change.ProcessingDelay ?? processingDelay;
            outage = change.Outage ?? outage;
            duplicateWebhooks = change.DuplicateWebhooks ?? duplicateWebhooks;
            reorderingEnded = reorderWebhooks && change.ReorderWebhooks == false;
            reorderWebhooks = change.ReorderWebhooks ?? reorderWebhooks;
            if (change.HoldWebhooks == true && webhooksReleased.Task.IsCompleted)
            {
                webhooksReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (change.HoldWebhooks == false)
            {
                webhooksReleased.TrySetResult();
            }
        }

        if (reorderingEnded)
        {
            ReorderingEnded?.Invoke(this, EventArgs.Empty);
        }
    }

    public BehaviourChange Current()
    {
        lock (gate)
        {
            return new BehaviourChange(
                failuresLeft, timeoutsLeft, responseDelay, processingDelay, outage, duplicateWebhooks, reorderWebhooks, !webhooksReleased.Task.IsCompleted);
        }
    }

    /// <summary>True when this API request should fail with 500; counts the failure down.</summary>
    public bool TakeFailure()
    {
        lock (gate)
        {
            if (failuresLeft == 0)
            {
                return false;
            }

            failuresLeft--;
            FailedRequests++;
            return true;
        }
    }

    /// <summary>True when this API request's answer should be withheld; counts the time-out down.</summary>
    public bool TakeTimeout()
    {
        lock (gate)
        {
            if (timeoutsLeft == 0)
            {
                return false;
            }

            timeoutsLeft--;
            TimedOutRequests++;
            return true;
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }
}

/// <summary>How Golden Hat is down: not at all, answering 503 to every API request, or resetting every API connection.</summary>
public static class Outages
{
    public const string None = "none";
    public const string Unavailable = "unavailable";
    public const string RefuseConnections = "refuse-connections";

    public static readonly IReadOnlyList<string> All = [None, Unavailable, RefuseConnections];
}

/// <summary>A change of behaviour; a null field keeps its current value.</summary>
/// <param name="FailNextRequests">How many of the next API requests answer 500 (in front of the API: nothing is processed or stored).</param>
/// <param name="TimeOutNextRequests">How many of the next API requests are processed but never answered (held until the caller gives up).</param>
/// <param name="ResponseDelay">How long every API request waits before it is processed.</param>
/// <param name="ProcessingDelay">How long charges and refunds stay pending.</param>
/// <param name="Outage">One of <see cref="Outages"/>.</param>
/// <param name="DuplicateWebhooks">Send every webhook twice (the same event id), as at-least-once delivery may.</param>
/// <param name="ReorderWebhooks">Hold each webhook until the next is due, then send the newer first; switching it off sends what waits.</param>
/// <param name="HoldWebhooks">Keep webhooks unsent until released, as when the merchant stayed unreachable past every retry.</param>
public sealed record BehaviourChange(
    int? FailNextRequests = null,
    int? TimeOutNextRequests = null,
    TimeSpan? ResponseDelay = null,
    TimeSpan? ProcessingDelay = null,
    string? Outage = null,
    bool? DuplicateWebhooks = null,
    bool? ReorderWebhooks = null,
    bool? HoldWebhooks = null);
