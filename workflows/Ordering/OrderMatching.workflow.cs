using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Ordering;

/// <summary>
/// The <c>matchWorker</c> step (docs/ordering.md, "Matching"): offers the order to the best ranked qualified,
/// free worker, one at a time for the service type's offer deadline; a decline or silence moves on to the next;
/// when nobody is left it looks again with a growing pause until the matching deadline, then escalates to
/// managers, who assign by hand. A manager may also assign while offers are still going out.
/// </summary>
public sealed partial class OrderWorkflow
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(15);

    /// <summary>A timer shorter than this would fire before the workflow could act on it.</summary>
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    private OfferRecord? openOffer;

    [WorkflowUpdateValidator(nameof(AnswerOfferAsync))]
    public void ValidateAnswerOffer(OfferAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (openOffer is { } current && current.OfferId == answer.OfferId && current.WorkerId != answer.WorkerId)
        {
            throw Refusal(OrderRefusals.NotYours, "No such offer.");
        }

        if (openOffer?.OfferId != answer.OfferId || cancelRequested || workerId is not null)
        {
            throw Refusal(OrderRefusals.WrongState, "The offer is no longer open: it expired, was answered or was withdrawn.");
        }

        if (bookingInFlight)
        {
            throw Refusal(OrderRefusals.WrongState, "A manager is assigning the order right now; try again in a moment.");
        }
    }

    /// <summary>
    /// The offered worker accepts (<c>WorkerAssigned</c>, the worker is booked) or declines (the next worker is
    /// asked). An accepting worker booked for another order overlapping this one is refused, the offer closes
    /// as <see cref="OfferStatus.Busy"/> and the next worker is asked.
    /// </summary>
    [WorkflowUpdate]
    public async Task AnswerOfferAsync(OfferAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var offer = openOffer!;
        openOffer = null;
        if (!answer.Accept)
        {
            await CloseOfferAsync(offer, OfferStatus.Declined);
            return;
        }

        if (!await AssignAsync(answer.WorkerId, answer.WorkerId, offer.OfferId))
        {
            throw Refusal(OrderRefusals.Busy, "You are booked for another order overlapping this window.");
        }
    }

    private async Task MatchAsync(CancellationToken token)
    {
        var deadline = Workflow.UtcNow + terms!.MatchingDeadline;

        // Each worker is asked once per order: someone who declined or let the offer lapse is not asked again.
        var asked = new HashSet<string>(StringComparer.Ordinal);
        var pause = FirstRetry;
        while (workerId is null && Workflow.UtcNow < deadline)
        {
            var next = (await RankCandidatesAsync()).FirstOrDefault(candidate => !asked.Contains(candidate.WorkerId));
            if (next is null)
            {
                await Workflow.WaitConditionAsync(() => workerId is not null, Shorter(pause, deadline - Workflow.UtcNow), token);
                pause = Shorter(pause * 2, LongestRetry);
                continue;
            }

            asked.Add(next.WorkerId);
            await OfferAsync(next.WorkerId, deadline, token);
        }

        if (workerId is null)
        {
            await EscalateAsync();
        }

        await Workflow.WaitConditionAsync(() => workerId is not null && Workflow.AllHandlersFinished, token);
    }

    private async Task<IReadOnlyList<MatchCandidate>> RankCandidatesAsync()
    {
        var pool = await Workflow.ExecuteActivityAsync<IReadOnlyList<PoolWorker>>(
            WorkerPoolQueryNames.FindQualified, [new QualifiedWorkersQuery(terms!.Skill, order.City)], Durable(BoundedContext.Onboarding));
        if (pool.Count == 0)
        {
            return [];
        }

        var query = new CandidateQuery(order.OrderId, order.Latitude, order.Longitude, order.WindowStart, order.WindowEnd, Workflow.UtcNow, pool);
        return await Workflow.ExecuteLocalActivityAsync<IReadOnlyList<MatchCandidate>>(MatchingActivityNames.RankCandidates, [query], OwnRecords);
    }

    /// <summary>Waits for the worker's answer until the offer lapses; the answer itself is recorded by <see cref="AnswerOfferAsync"/>.</summary>
    private async Task OfferAsync(string candidate, DateTimeOffset matchingDeadline, CancellationToken token)
    {
        var offeredAt = Workflow.UtcNow;
        var expiresAt = offeredAt + Shorter(terms!.OfferDeadline, matchingDeadline - offeredAt);
        var offer = new OfferRecord(Workflow.NewGuid(), order.OrderId, candidate, offeredAt, expiresAt);

        // Known to the workflow before the row is visible, so an answer can never find the offer unknown.
        openOffer = offer;
        await Workflow.ExecuteLocalActivityAsync(MatchingActivityNames.OpenOffer, [offer], OwnRecords);
        var remaining = expiresAt - Workflow.UtcNow;
        await Workflow.WaitConditionAsync(() => openOffer is null || workerId is not null, remaining > ShortestWait ? remaining : ShortestWait, token);
        if (openOffer is { } unanswered)
        {
            // Silence, or a manager assigned someone while the offer was out.
            openOffer = null;
            await CloseOfferAsync(unanswered, workerId is null ? OfferStatus.Expired : OfferStatus.Withdrawn);
        }

        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, token);
    }

    /// <summary>Nobody accepted in time: the order shows <see cref="OrderStatus.Escalated"/> and managers are told.</summary>
    private async Task EscalateAsync()
    {
        await AdvanceAsync(OrderStatus.Escalated, OrderEvents.MatchingEscalated, "platform");
        await NotifyAsync(
            OrderNotifications.Managers,
            "An order needs a worker",
            $"Nobody accepted order {order.OrderId} ({order.ServiceTypeCode}, {order.City}, {order.WindowStart:u}) by its matching deadline. Assign a worker by hand or cancel it.");
    }

    private Task CloseOfferAsync(OfferRecord offer, OfferStatus status) =>
        Workflow.ExecuteLocalActivityAsync(MatchingActivityNames.CloseOffer, [new OfferClosing(offer.OfferId, status, Workflow.UtcNow)], OwnRecords);

    /// <summary>Through Onboarding's notification sender, the one the platform has; the message id makes a retry send once.</summary>
    private Task NotifyAsync(string recipient, string subject, string body) =>
        Workflow.ExecuteActivityAsync(
            NotificationSender.SendActivity,
            [new Notification(Workflow.NewGuid(), recipient, subject, body, OrderEvents.StreamId(order.OrderId))],
            Durable(BoundedContext.Onboarding));

    private static TimeSpan Shorter(TimeSpan first, TimeSpan second) => first < second ? first : second;
}
