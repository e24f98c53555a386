using System.Security.Cryptography;
using System.Text;

namespace HelperPlatform.GoldenHat;

/// <summary>What a card form sends to create a payment method: the behaviour the simulated card shows.</summary>
/// <param name="Behaviour">One of <see cref="CardBehaviours"/>.</param>
/// <param name="DeclinesBeforeSuccess">For <see cref="CardBehaviours.DeclinesThenSucceeds"/>: how many attempts are declined first.</param>
public sealed record PaymentMethodRequest(string? Behaviour, int? DeclinesBeforeSuccess);

/// <param name="Token">The only thing the platform stores of a card.</param>
/// <param name="Last4">The last digits a client recognises its card by.</param>
public sealed record PaymentMethodAnswer(string Token, string Behaviour, int DeclinesBeforeSuccess, string Last4, int ExpMonth, int ExpYear, DateTimeOffset Created);

public sealed record ChargeRequest(string? PaymentMethod, string? Currency, decimal? Amount, string? Reference, string? Description);

public sealed record RefundRequest(string? Charge, decimal? Amount, string? Reason, string? Reference);

/// <summary>What a worker app's bank form sends to create a payout destination: the behaviour the simulated account shows.</summary>
/// <param name="Behaviour">One of <see cref="DestinationBehaviours"/>.</param>
public sealed record PayoutDestinationRequest(string? Behaviour);

/// <param name="Token">The only thing the platform stores of a bank account.</param>
/// <param name="Last4">The last digits a worker recognises their account by.</param>
public sealed record PayoutDestinationAnswer(string Token, string Behaviour, string Last4, DateTimeOffset Created);

public sealed record PayoutRequest(string? Destination, string? Currency, decimal? Amount, string? Reference, string? Description);

/// <summary>A payout as every answer and webhook shows it.</summary>
/// <param name="Status">One of <see cref="PayoutStatuses"/>.</param>
public sealed record PayoutAnswer(
    string Id,
    string Kind,
    string Destination,
    string Currency,
    decimal Amount,
    string Status,
    string Reference,
    string? Description,
    string? FailureCode,
    string? FailureMessage,
    DateTimeOffset Created,
    DateTimeOffset? DecidedAt);

/// <summary>A charge as every answer and webhook shows it.</summary>
/// <param name="Status">One of <see cref="PaymentStatuses"/>.</param>
/// <param name="Fee">What Golden Hat keeps: zero until the charge succeeded, and on failure.</param>
/// <param name="AmountRefunded">Refunded or being refunded (pending refunds count, so they cannot exceed the charge).</param>
public sealed record ChargeAnswer(
    string Id,
    string Kind,
    string PaymentMethod,
    string Currency,
    decimal Amount,
    decimal Fee,
    decimal AmountRefunded,
    string Status,
    string Reference,
    string? Description,
    string? FailureCode,
    string? FailureMessage,
    DateTimeOffset Created,
    DateTimeOffset? DecidedAt);

public sealed record RefundAnswer(
    string Id,
    string Kind,
    string Charge,
    string Currency,
    decimal Amount,
    string Status,
    string Reference,
    string? Reason,
    string? FailureCode,
    string? FailureMessage,
    DateTimeOffset Created,
    DateTimeOffset? DecidedAt);

/// <summary>Every error answer: <c>{"error": {...}}</c>; <see cref="Param"/> names the field at fault.</summary>
public sealed record ErrorAnswer(ErrorDetail Error, ChargeAnswer? Charge = null);

/// <param name="Type">One of <see cref="ErrorTypes"/>.</param>
public sealed record ErrorDetail(string Type, string Code, string Message, string? Param = null);

/// <summary>A webhook: its own <see cref="Id"/> (the same in every retry and duplicate), a type, and the payment as it is now.</summary>
/// <param name="Type">One of <see cref="EventTypes"/>.</param>
/// <param name="Data">The charge, refund or payout as <c>data.payment</c>; its <c>kind</c> says which.</param>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset Created, WebhookData Data);

public sealed record WebhookData(object Payment);

/// <summary>One day's settled money in one currency: what reached the merchant's balance that day.</summary>
/// <param name="Net">Charges minus refunds minus fees.</param>
/// <param name="Net">What the day left with the merchant: charged − refunded − fees − paid out.</param>
public sealed record SettlementDay(
    DateOnly Date, string Currency, int Charges, decimal ChargedAmount, int Refunds, decimal RefundedAmount, decimal Fees, int Payouts, decimal PaidOutAmount, decimal Net);

/// <summary>One line of the settlement report: money that moved on <paramref name="Date"/> (UTC), by Golden Hat's id and the merchant's reference.</summary>
/// <param name="Id">The charge's (for a charge and its fee), refund's or payout's id.</param>
/// <param name="Amount">Positive: what was charged, the fee taken, what was refunded or paid out.</param>
public sealed record SettlementLine(DateOnly Date, string Kind, string Id, string Reference, string Currency, decimal Amount);

public static class SettlementLineKinds
{
    public const string Charge = "charge";
    public const string Fee = "fee";
    public const string Refund = "refund";
    public const string Payout = "payout";
}

public sealed record WebhookEndpointChange(Uri? Url);

public static class CardBehaviours
{
    public const string Succeeds = "succeeds";
    public const string InsufficientFunds = "insufficient_funds";
    public const string DeclinesThenSucceeds = "declines_then_succeeds";
    public const string ExpiredCard = "expired_card";
    public const string RefundFails = "refund_fails";

    public static readonly IReadOnlyList<string> All = [Succeeds, InsufficientFunds, DeclinesThenSucceeds, ExpiredCard, RefundFails];
}

public static class DestinationBehaviours
{
    public const string Pays = "pays";

    /// <summary>The account was closed: every payout to it fails with <c>destination_closed</c>.</summary>
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Pays, Closed];
}

public static class PayoutStatuses
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Failed = "failed";
}

/// <summary>Tokens that exist on every Golden Hat, for tests and demos (documented in goldenhat/README.md).</summary>
public static class TestTokens
{
    public const string Succeeds = "pm_test_succeeds";
    public const string InsufficientFunds = "pm_test_insufficient_funds";

    /// <summary>Declines the first two attempts of each reference, then succeeds.</summary>
    public const string DeclinesTwiceThenSucceeds = "pm_test_declines_twice";
    public const string ExpiredCard = "pm_test_expired_card";

    /// <summary>Charges succeed; refunds of them fail.</summary>
    public const string RefundFails = "pm_test_refund_fails";

    /// <summary>A payout destination that is paid.</summary>
    public const string DestinationPays = "pd_test_pays";

    /// <summary>A closed payout destination: payouts to it fail.</summary>
    public const string DestinationClosed = "pd_test_closed";
}

public static class PaymentStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public static class EventTypes
{
    public const string ChargeSucceeded = "charge.succeeded";
    public const string ChargeFailed = "charge.failed";
    public const string RefundSucceeded = "refund.succeeded";
    public const string RefundFailed = "refund.failed";
    public const string PayoutPaid = "payout.paid";
    public const string PayoutFailed = "payout.failed";
}

public static class ErrorTypes
{
    /// <summary>The request is malformed or impossible (400, 404); never stored under an idempotency key when it fails validation.</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>The card was declined (402).</summary>
    public const string Card = "card_error";

    /// <summary>The idempotency key was reused with another request (422), or is in use right now (409).</summary>
    public const string Idempotency = "idempotency_error";

    public const string Authentication = "authentication_error";

    /// <summary>Golden Hat failed (5xx): retry with the same idempotency key.</summary>
    public const string Api = "api_error";
}

/// <summary>How webhooks are signed; the platform implements the verifying side.</summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "GoldenHat-Timestamp";
    public const string SignatureHeader = "GoldenHat-Signature";

    /// <summary><c>v1=</c> and the lowercase hex HMAC-SHA256 of <c>{unix seconds}.{body}</c> with the shared secret.</summary>
    public static string Sign(string secret, long unixSeconds, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}")));
}

public static class GoldenHatHeaders
{
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>Set on an answer replayed from the idempotency store.</summary>
    public const string IdempotentReplayed = "Idempotent-Replayed";
}
