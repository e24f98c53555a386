namespace HelperPlatform.GoldenHat;

/// <summary>Decides pending charges, refunds and payouts after the processing delay, by the card's behaviour, and announces each decision by webhook.</summary>
public sealed class PaymentProcessor : IDisposable
{
    private readonly SimulatorBehaviour behaviour;
    private readonly GoldenHatOptions options;
    private readonly WebhookDispatcher webhooks;
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken stoppingToken;
    private readonly ILogger logger;

    public PaymentProcessor(SimulatorBehaviour behaviour, GoldenHatOptions options, WebhookDispatcher webhooks, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.behaviour = behaviour;
        this.options = options;
        this.webhooks = webhooks;
        // Kept apart from the source, so a payment still waiting when the simulator stops sees the cancellation, not a disposed source.
        stoppingToken = stopping.Token;
        logger = loggerFactory.CreateLogger<PaymentProcessor>();
    }

    /// <param name="attempt">The card's attempt for this reference, counted when the charge was made.</param>
    public void Schedule(Charge charge, int attempt) => _ = AfterProcessingAsync(() => Decide(charge, attempt));

    public void Schedule(Refund refund) => _ = AfterProcessingAsync(() => Decide(refund));

    public void Schedule(Payout payout) => _ = AfterProcessingAsync(() => Decide(payout));

    /// <summary>Announces a charge decided at once (an expired card is declined synchronously).</summary>
    public void Announce(Charge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var answer = charge.Answer();
        webhooks.Publish(answer.Status == PaymentStatuses.Succeeded ? EventTypes.ChargeSucceeded : EventTypes.ChargeFailed, answer, options.TimeProvider.GetUtcNow());
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task AfterProcessingAsync(Action decide)
    {
        try
        {
            await Task.Delay(behaviour.ProcessingDelay, options.TimeProvider, stoppingToken);
            decide();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Golden Hat stops with the payment pending, as a real processor's outage would leave it.
        }
    }

    private void Decide(Charge charge, int attempt)
    {
        var now = options.TimeProvider.GetUtcNow();
        var answer = charge.Answer();
        var decided = charge.Method.Behaviour switch
        {
            CardBehaviours.InsufficientFunds => charge.Fail("insufficient_funds", "The card has insufficient funds.", now),
            CardBehaviours.DeclinesThenSucceeds when attempt <= charge.Method.DeclinesBeforeSuccess =>
                charge.Fail("card_declined", $"The card was declined (attempt {attempt} of this reference).", now),
            _ => charge.Succeed(Money.Fee(answer.Amount, answer.Currency, options.FeeRate, options.FixedFeeMinorUnits), now),
        };
        if (decided)
        {
            logger.LogInformation("Charge {ChargeId} of {Reference} is {Status}", charge.Id, charge.Reference, charge.Answer().Status);
            Announce(charge);
        }
    }

    private void Decide(Refund refund)
    {
        var now = options.TimeProvider.GetUtcNow();
        bool decided;
        if (refund.Charge.Method.Behaviour == CardBehaviours.RefundFails)
        {
            decided = refund.Fail("refund_failed", "The card issuer refused the refund.", now);
            if (decided)
            {
                refund.Charge.ReleaseRefund(refund.Amount);
            }
        }
        else
        {
            decided = refund.Succeed(now);
        }

        if (decided)
        {
            var answer = refund.Answer();
            webhooks.Publish(answer.Status == PaymentStatuses.Succeeded ? EventTypes.RefundSucceeded : EventTypes.RefundFailed, answer, now);
        }
    }

    private void Decide(Payout payout)
    {
        var now = options.TimeProvider.GetUtcNow();
        var decided = payout.Destination.Behaviour == DestinationBehaviours.Closed
            ? payout.Fail("destination_closed", "The payout destination is closed.", now)
            : payout.Pay(now);
        if (decided)
        {
            var answer = payout.Answer();
            logger.LogInformation("Payout {PayoutId} of {Reference} is {Status}", payout.Id, payout.Reference, answer.Status);
            webhooks.Publish(answer.Status == PayoutStatuses.Paid ? EventTypes.PayoutPaid : EventTypes.PayoutFailed, answer, now);
        }
    }
}
