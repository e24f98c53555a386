using HelperPlatform.Workflows.Platform;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// The order workflow's writes of the order's own record (its read model and timeline), batched so that a step
/// costs one write: an event that closes a step, or a person's action, waits for the order's next status change
/// and is stored with it (every step and the order's end record one, so it follows at once); a step whose start is
/// recorded already (by the placement, or with the assignment) writes nothing; and other contexts' records of an
/// action run alongside the flow until something has to wait for them.
/// </summary>
internal sealed class OrderRecorder(Guid orderId, OrderStart start, LocalActivityOptions options)
{
    private readonly List<SeedEvent> waitingForNextRecord = [];
    private readonly HashSet<Guid> stored = [];
    private readonly List<Task> recordsElsewhere = [];
    private (OrderStatus Status, string? StepId) recorded = (start.Status, start.StepId);
    private string? workerId;

    /// <summary>Stores <paramref name="seedEvent"/> with the order's next record.</summary>
    public void RecordWithNextAdvance(SeedEvent seedEvent) => waitingForNextRecord.Add(seedEvent);

    /// <summary>The order's last record shows <paramref name="status"/> at <paramref name="stepId"/>, and no event waits for the next one.</summary>
    public bool Shows(OrderStatus status, string? stepId) => recorded == (status, stepId) && waitingForNextRecord.Count == 0;

    /// <summary>
    /// The order's next record: the status and step, with the events that waited for it and <paramref name="seedEvent"/>.
    /// From now on the order counts as showing it; <see cref="Stored"/> says when it is written.
    /// </summary>
    public OrderProgress Next(OrderStatus status, string? stepId, SeedEvent? seedEvent = null)
    {
        List<SeedEvent> events = [.. waitingForNextRecord];
        waitingForNextRecord.Clear();
        if (seedEvent is not null)
        {
            events.Add(seedEvent);
        }

        recorded = (status, stepId);
        return new OrderProgress(orderId, status, stepId, workerId, events);
    }

    /// <summary>Records the status and step, with the events that waited for it and <paramref name="seedEvent"/>, in one write.</summary>
    public async Task RecordAsync(OrderStatus status, string? stepId, SeedEvent? seedEvent = null)
    {
        var progress = Next(status, stepId, seedEvent);
        await Workflow.ExecuteLocalActivityAsync((IOrderActivities orders) => orders.AdvanceOrderAsync(progress), options);
        Stored(progress);
    }

    /// <summary><paramref name="progress"/> from <see cref="Next"/> is written (by <see cref="RecordAsync"/>, or with a matching round's offer).</summary>
    public void Stored(OrderProgress progress) => stored.UnionWith(progress.Events.Select(seedEvent => seedEvent.EventId));

    /// <summary>
    /// The booking's write recorded <paramref name="assigned"/> as the order's worker at <paramref name="status"/> and
    /// <paramref name="stepId"/>, with its own event only: events waiting for the next record still wait.
    /// </summary>
    public void Booked(string assigned, OrderStatus status, string? stepId)
    {
        workerId = assigned;
        recorded = (status, stepId);
    }

    /// <summary>
    /// A person's action (a check-in, a photo report): its event rides on the order's next record, which follows in
    /// the same workflow task (the flow moves straight on to the next step, or at its end to the completion), and
    /// this answers once that is stored: one write instead of two, and the answer already shows the next step.
    /// </summary>
    public async Task RecordActionAsync(SeedEvent seedEvent)
    {
        RecordWithNextAdvance(seedEvent);
        await StoredAsync(seedEvent);
    }

    /// <summary>Waits until <paramref name="seedEvent"/> is written with one of the order's records.</summary>
    public Task StoredAsync(SeedEvent seedEvent) => Workflow.WaitConditionAsync(() => stored.Contains(seedEvent.EventId));

    /// <summary>Another context's record of an action, left running alongside the flow: nothing waits for it until <see cref="SettleRecordsElsewhereAsync"/>.</summary>
    public void RunAlongside(Task recordElsewhere) => recordsElsewhere.Add(recordElsewhere);

    /// <summary>
    /// Waits for the other contexts' records still running alongside the flow. Events waiting for the order's next
    /// record are stored first, with the status and step unchanged, so no answer waits for another context.
    /// </summary>
    public async Task SettleRecordsElsewhereAsync()
    {
        if (waitingForNextRecord.Count > 0 && recordsElsewhere.Any(record => !record.IsCompleted))
        {
            await RecordAsync(recorded.Status, recorded.StepId);
        }

        await Workflow.WhenAllAsync(recordsElsewhere);
        recordsElsewhere.Clear();
    }
}
