using HelperPlatform.Workflows.Invoicing;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Invoicing.Payments;

/// <summary>
/// Golden Hat for the Invoicing workflows. A decline is an outcome; a request Golden Hat refuses as invalid is a
/// non-retryable failure of type <see cref="IPaymentActivities.RejectedErrorType"/>; anything else (5xx, timeouts,
/// an open circuit) throws, and Temporal retries with the command's own idempotency key.
/// </summary>
public sealed class PaymentActivities(GoldenHatClient goldenHat) : IPaymentActivities
{
    [Activity]
    public Task<PaymentOutcome> ChargeAsync(ChargeCommand command) => RejectingAsync(cancellationToken => goldenHat.ChargeAsync(command, cancellationToken));

    [Activity]
    public Task<PaymentOutcome> GetChargeAsync(string chargeId) => RejectingAsync(cancellationToken => goldenHat.GetChargeAsync(chargeId, cancellationToken));

    [Activity]
    public Task<PaymentOutcome> RefundAsync(RefundCommand command) => RejectingAsync(cancellationToken => goldenHat.RefundAsync(command, cancellationToken));

    [Activity]
    public Task<PaymentOutcome> GetRefundAsync(string refundId) => RejectingAsync(cancellationToken => goldenHat.GetRefundAsync(refundId, cancellationToken));

    [Activity]
    public Task<PaymentOutcome> PayoutAsync(PayoutCommand command) => RejectingAsync(cancellationToken => goldenHat.PayoutAsync(command, cancellationToken));

    [Activity]
    public Task<PaymentOutcome> GetPayoutAsync(string payoutId) => RejectingAsync(cancellationToken => goldenHat.GetPayoutAsync(payoutId, cancellationToken));

    private static async Task<PaymentOutcome> RejectingAsync(Func<CancellationToken, Task<PaymentOutcome>> call)
    {
        try
        {
            return await call(ActivityExecutionContext.Current.CancellationToken);
        }
        catch (GoldenHatRejectedException e)
        {
            throw new ApplicationFailureException(e.Message, e, IPaymentActivities.RejectedErrorType, nonRetryable: true);
        }
    }
}
