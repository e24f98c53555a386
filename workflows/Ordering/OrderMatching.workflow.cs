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

    /// <summary>
    /// The offer a matching round is storing: its row can be visible before the round tells the workflow whom it went
    /// to, and an answer in that moment is asked to come again.
    /// </summary>
    private Guid? offerBeingMade;

    [WorkflowUpdateValidator(nameof(AnswerOfferAsync))]
    public void ValidateAnswerOffer(OfferAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (openOffer is { } current && current.OfferId == answer.OfferId && current.WorkerId != answer.WorkerId)
        {
            throw Refusal(OrderRefusals.NotYours, "No such offer.");
        }

        if (offerBeingMade == answer.OfferId)
        {
            throw Refusal(OrderRefusals.WrongState, "The offer is being made right now; try again in a moment.");
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

        // Each worker is asked once per order: someone who declined or let the offer lapse is not asked again. A list,
        // in the order asked: the rounds pass it to an activity, and it must read the same on every replay.
        var asked = new List<string>();
        var pause = FirstRetry;
        while (workerId is null && Workflow.UtcNow < deadline)
        {
            var offer = await OfferToBestCandidateAsync(asked, deadline);
            if (offer is null)
            {
                await Workflow.WaitConditionAsync(() => workerId is not null, Shorter(pause, deadline - Workflow.UtcNow), token);
                pause = Shorter(pause * 2, LongestRetry);
                continue;
            }

            asked.Add(offer.WorkerId);
            await AwaitAnswerAsync(offer, token);
        }

        if (workerId is null)
        {
            await EscalateAsync();
        }

        await Workflow.WaitConditionAsync(() => workerId is not null && Workflow.AllHandlersFinished, token);
    }

    /// <summary>
    /// A round: the qualified pool from Onboarding, then one local activity that ranks, opens the offer to the best
    /// worker not yet asked and, on the first round, records the step's start (<c>Matching</c>) with it. Null when
    /// nobody free is left.
    /// </summary>
    private async Task<OfferRecord?> OfferToBestCandidateAsync(IReadOnlyList<string> asked, DateTimeOffset matchingDeadline)
    {
        var pool = await FindQualifiedAsync();

        // While the pool was read, a manager may have assigned a worker (their booking may still be in flight) or the
        // client cancelled: neither waited for this look at the pool, so no offer or Matching record may follow it.
        await Workflow.WaitConditionAsync(() => !bookingInFlight);
        if (cancelRequested || workerId is not null)
        {
            return null;
        }

        if (pool.Count == 0)
        {
            await EnterAsync(OrderStatus.Matching);
            return null;
        }

        var stepStart = records.Shows(OrderStatus.Matching, currentStep?.Id) ? null : records.Next(OrderStatus.Matching, currentStep?.Id);

        var offeredAt = Workflow.UtcNow;
        var expiresAt = offeredAt + Shorter(terms!.OfferDeadline, matchingDeadline - offeredAt);
        var offerId = Workflow.NewGuid();
        var query = new CandidateQuery(order.OrderId, order.Latitude, order.Longitude, order.WindowStart, order.WindowEnd, offeredAt, pool);
        offerBeingMade = offerId;
        try
        {
            var round = new OfferRound(query, [.. asked], offerId, expiresAt, stepStart);
            var offered = await Workflow.ExecuteLocalActivityAsync((IMatchingActivities matching) => matching.OfferToBestCandidateAsync(round), OwnRecords);
            if (stepStart is not null)
            {
                records.Stored(stepStart);
            }

            openOffer = offered is null ? null : new OfferRecord(offerId, order.OrderId, offered, offeredAt, expiresAt);
            return openOffer;
        }
        finally
        {
            offerBeingMade = null;
        }
    }

    private Task<IReadOnlyList<PoolWorker>> FindQualifiedAsync()
    {
        var query = new QualifiedWorkersQuery(terms!.Skill, order.City);
        return Workflow.ExecuteActivityAsync((IWorkerPoolQueryActivities pool) => pool.FindQualifiedWorkersAsync(query), Durable(BoundedContext.Onboarding));
    }

    /// <summary>Waits for the worker's answer until the offer lapses; the answer itself is recorded by <see cref="AnswerOfferAsync"/>.</summary>
    private async Task AwaitAnswerAsync(OfferRecord offer, CancellationToken token)
    {
        var remaining = offer.ExpiresAt - Workflow.UtcNow;
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
        await AdvanceAsync(OrderStatus.Escalated, OrderingEvents.MatchingEscalated, "platform");
        await NotifyAsync(
            OrderNotifications.Managers,
            "An order needs a worker",
            $"Nobody accepted order {order.OrderId} ({order.ServiceTypeCode}, {order.City}, {order.WindowStart:u}) by its matching deadline. Assign a worker by hand or cancel it.");
    }

    private Task CloseOfferAsync(OfferRecord offer, OfferStatus status)
    {
        var closing = new OfferClosing(offer.OfferId, status, Workflow.UtcNow);
        return Workflow.ExecuteLocalActivityAsync((IMatchingActivities matching) => matching.CloseOfferAsync(closing), OwnRecords);
    }

    /// <summary>Through Onboarding's notification sender, the one the platform has; the message id makes a retry send once.</summary>
    private Task NotifyAsync(string recipient, string subject, string body)
    {
        var notification = new Notification(Workflow.NewGuid(), recipient, subject, body, OrderingEvents.StreamId(order.OrderId));
        return Workflow.ExecuteActivityAsync((INotificationActivities sender) => sender.SendNotificationAsync(notification), Durable(BoundedContext.Onboarding));
    }

    private static TimeSpan Shorter(TimeSpan first, TimeSpan second) => first < second ? first : second;
}
