namespace HelperPlatform.Contractor;

/// <summary>
/// How the simulated supplier misbehaves, changed at run time through <c>PUT /simulator/behaviour</c> (or
/// directly when embedded): refuse the next orders, answer slowly, send each callback twice, hold callbacks back.
/// </summary>
public sealed class SimulatorBehaviour
{
    private readonly Lock gate = new();
    private int failuresLeft;
    private TimeSpan responseDelay;
    private bool duplicateCallbacks;
    private TimeSpan deliveryDelay;
    private int refusedOrders;
    private TaskCompletionSource callbacksReleased = Released();

    public SimulatorBehaviour(TimeSpan deliveryDelay) => this.deliveryDelay = deliveryDelay;

    public TimeSpan DeliveryDelay
    {
        get { lock (gate) { return deliveryDelay; } }
    }

    public TimeSpan ResponseDelay
    {
        get { lock (gate) { return responseDelay; } }
    }

    public bool DuplicateCallbacks
    {
        get { lock (gate) { return duplicateCallbacks; } }
    }

    /// <summary>Completes when delivery callbacks may be sent; pending while they are held.</summary>
    public Task CallbacksReleased
    {
        get { lock (gate) { return callbacksReleased.Task; } }
    }

    /// <summary>Order requests answered 503 so far, for tests to check what the buyer's retries really sent.</summary>
    public int RefusedOrders
    {
        get { lock (gate) { return refusedOrders; } }
    }

    public void Apply(BehaviourChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            failuresLeft = change.FailNextOrders ?? failuresLeft;
            responseDelay = change.ResponseDelay ?? responseDelay;
            duplicateCallbacks = change.DuplicateCallbacks ?? duplicateCallbacks;
            deliveryDelay = change.DeliveryDelay ?? deliveryDelay;
            if (change.HoldCallbacks == true && callbacksReleased.Task.IsCompleted)
            {
                callbacksReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (change.HoldCallbacks == false)
            {
                callbacksReleased.TrySetResult();
            }
        }
    }

    public BehaviourChange Current()
    {
        lock (gate)
        {
            return new BehaviourChange(failuresLeft, responseDelay, duplicateCallbacks, deliveryDelay, !callbacksReleased.Task.IsCompleted);
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>True when this order request should fail; counts the failure down.</summary>
    public bool TakeFailure()
    {
        lock (gate)
        {
            if (failuresLeft == 0)
            {
                return false;
            }

            failuresLeft--;
            refusedOrders++;
            return true;
        }
    }
}

/// <param name="FailNextOrders">How many of the next order requests answer 503.</param>
/// <param name="ResponseDelay">How long every order request takes before it is answered.</param>
/// <param name="DuplicateCallbacks">Send every delivery callback twice, as at-least-once webhooks do.</param>
/// <param name="DeliveryDelay">Time from accepting an order to its delivery.</param>
/// <param name="HoldCallbacks">
/// Deliver but keep the callbacks unsent until released, as when the buyer stayed unreachable past the
/// sender's retries; the delivery shows in <c>GET /purchase-orders/{id}</c> meanwhile.
/// </param>
public sealed record BehaviourChange(int? FailNextOrders, TimeSpan? ResponseDelay, bool? DuplicateCallbacks, TimeSpan? DeliveryDelay, bool? HoldCallbacks = null);
