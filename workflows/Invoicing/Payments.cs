using Temporalio.Activities;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// A charge of a client's payment method. <see cref="IdempotencyKey"/> is made in the workflow and sent with every
/// retry, so Golden Hat charges once however often the activity runs. <see cref="Reference"/> is the id of the
/// workflow that waits for the outcome: Golden Hat echoes it in its webhooks, which the host signals there.
/// </summary>
public sealed record ChargeCommand(string IdempotencyKey, string PaymentMethodToken, string Currency, decimal Amount, string Reference, string Description);

/// <summary>A refund of (part of) a charge; the same idempotency and reference rules as <see cref="ChargeCommand"/>.</summary>
public sealed record RefundCommand(string IdempotencyKey, string ChargeId, string Currency, decimal Amount, string Reference, string Reason);

/// <summary>
/// A payout of a worker's money to their payout destination; the same idempotency and reference rules as
/// <see cref="ChargeCommand"/>.
/// </summary>
public sealed record PayoutCommand(string IdempotencyKey, string DestinationToken, string Currency, decimal Amount, string Reference, string Description);

public enum PaymentKind
{
    Charge,
    Refund,

    /// <summary>Money to a worker: <see cref="PaymentStatus.Succeeded"/> is Golden Hat's <c>paid</c>.</summary>
    Payout,
}

public enum PaymentStatus
{
    /// <summary>Golden Hat accepted the request and has not decided yet: the outcome comes by webhook (or a later read).</summary>
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// What Golden Hat says about a charge, a refund or a payout: the answer to a request, to a read, and the payload of a
/// verified webhook, which the host signals to the workflow named by the payment's reference.
/// </summary>
/// <param name="Id">Golden Hat's id of the charge or refund.</param>
/// <param name="ChargeId">For a refund: the charge it refunds.</param>
/// <param name="Fee">What Golden Hat keeps of a charge (zero for a refund and for a failed charge).</param>
/// <param name="FailureCode">For a failed payment: Golden Hat's reason, e.g. <c>insufficient_funds</c>, <c>expired_card</c>.</param>
public sealed record PaymentOutcome(
    PaymentKind Kind,
    string Id,
    string? ChargeId,
    PaymentStatus Status,
    string Currency,
    decimal Amount,
    decimal Fee,
    string? FailureCode,
    string? FailureMessage);

/// <summary>The signal by which the host hands a verified Golden Hat webhook to the workflow its reference names.</summary>
public static class PaymentSignal
{
    public const string Name = "PaymentOutcome";
}

/// <summary>Golden Hat, the external payment system, as the Invoicing worker reaches it.</summary>
public interface IPaymentActivities
{
    /// <summary>The error type of a request Golden Hat refused as invalid (an unknown token, a refund above what is left): retrying cannot help.</summary>
    const string RejectedErrorType = "GoldenHatRejectedRequest";

    /// <summary>Asks Golden Hat to charge; a decline is an outcome (<see cref="PaymentStatus.Failed"/>), not an error.</summary>
    [Activity]
    Task<PaymentOutcome> ChargeAsync(ChargeCommand command);

    /// <summary>Reads a charge, for when its webhook is late or lost.</summary>
    [Activity]
    Task<PaymentOutcome> GetChargeAsync(string chargeId);

    [Activity]
    Task<PaymentOutcome> RefundAsync(RefundCommand command);

    /// <summary>Reads a refund, for when its webhook is late or lost.</summary>
    [Activity]
    Task<PaymentOutcome> GetRefundAsync(string refundId);

    /// <summary>Asks Golden Hat to pay a worker; a closed destination is an outcome (<see cref="PaymentStatus.Failed"/>), not an error.</summary>
    [Activity]
    Task<PaymentOutcome> PayoutAsync(PayoutCommand command);

    /// <summary>Reads a payout, for when its webhook is late or lost.</summary>
    [Activity]
    Task<PaymentOutcome> GetPayoutAsync(string payoutId);
}
