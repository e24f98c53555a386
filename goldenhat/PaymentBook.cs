using System.Collections.Concurrent;

namespace HelperPlatform.GoldenHat;

/// <summary>Golden Hat's own records: payment methods, charges and refunds, the attempts per card and reference, payout destinations and payouts.</summary>
public sealed class PaymentBook
{
    private readonly ConcurrentDictionary<string, PaymentMethod> methods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Charge> charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Refund> refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Token, string Reference), int> attempts = new();
    private readonly ConcurrentDictionary<string, PayoutDestination> destinations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Payout> payouts = new(StringComparer.Ordinal);

    public PaymentBook(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        Add(new PaymentMethod(TestTokens.Succeeds, CardBehaviours.Succeeds, 0, "4242", now));
        Add(new PaymentMethod(TestTokens.InsufficientFunds, CardBehaviours.InsufficientFunds, 0, "9995", now));
        Add(new PaymentMethod(TestTokens.DeclinesTwiceThenSucceeds, CardBehaviours.DeclinesThenSucceeds, 2, "0341", now));
        Add(new PaymentMethod(TestTokens.ExpiredCard, CardBehaviours.ExpiredCard, 0, "0069", now));
        Add(new PaymentMethod(TestTokens.RefundFails, CardBehaviours.RefundFails, 0, "5126", now));
        Add(new PayoutDestination(TestTokens.DestinationPays, DestinationBehaviours.Pays, "6789", now));
        Add(new PayoutDestination(TestTokens.DestinationClosed, DestinationBehaviours.Closed, "0000", now));
    }

    public IReadOnlyCollection<Payout> Payouts => [.. payouts.Values];

    public void Add(PayoutDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destinations[destination.Token] = destination;
    }

    public PayoutDestination? FindDestination(string token) => destinations.GetValueOrDefault(token);

    public void Add(Payout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        payouts[payout.Id] = payout;
    }

    public Payout? FindPayout(string id) => payouts.GetValueOrDefault(id);

    /// <summary>The payouts made for one reference, for tests to count what the merchant's retries really did.</summary>
    public IReadOnlyList<Payout> PayoutsFor(string reference) => [.. payouts.Values.Where(payout => payout.Reference == reference).OrderBy(payout => payout.Created)];

    public IReadOnlyCollection<Charge> Charges => [.. charges.Values];

    public IReadOnlyCollection<Refund> Refunds => [.. refunds.Values];

    public void Add(PaymentMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        methods[method.Token] = method;
    }

    public PaymentMethod? FindMethod(string token) => methods.GetValueOrDefault(token);

    public Charge? FindCharge(string id) => charges.GetValueOrDefault(id);

    public Refund? FindRefund(string id) => refunds.GetValueOrDefault(id);

    /// <summary>The charges made for one reference, for tests to count what the merchant's retries really did.</summary>
    public IReadOnlyList<Charge> ChargesFor(string reference) => [.. charges.Values.Where(charge => charge.Reference == reference).OrderBy(charge => charge.Created)];

    public void Add(Charge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        charges[charge.Id] = charge;
    }

    public void Add(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        refunds[refund.Id] = refund;
    }

    /// <summary>Counts a charge attempt of the card for the reference; the first is 1.</summary>
    public int CountAttempt(string token, string reference) => attempts.AddOrUpdate((token, reference), 1, (_, count) => count + 1);

    /// <summary>Succeeded charges and refunds, and paid payouts, per day (of their decision, UTC) and currency.</summary>
    public IReadOnlyList<SettlementDay> Settlement(DateOnly? from, DateOnly? to) =>
        [.. SettlementLines(from, to)
            .GroupBy(line => (line.Date, line.Currency))
            .Select(day =>
            {
                decimal Sum(string kind) => day.Where(line => line.Kind == kind).Sum(line => line.Amount);
                int Count(string kind) => day.Count(line => line.Kind == kind);
                var (charged, refunded, paidOut, fees) = (Sum(SettlementLineKinds.Charge), Sum(SettlementLineKinds.Refund), Sum(SettlementLineKinds.Payout), Sum(SettlementLineKinds.Fee));
                return new SettlementDay(
                    day.Key.Date, day.Key.Currency, Count(SettlementLineKinds.Charge), charged, Count(SettlementLineKinds.Refund), refunded, fees, Count(SettlementLineKinds.Payout), paidOut, charged - refunded - fees - paidOut);
            })];

    /// <summary>
    /// The settlement report line by line: each succeeded charge, its fee (a line of its own when above zero, with the
    /// charge's id), each succeeded refund and each paid payout, on the day of its decision (UTC), ordered by day,
    /// currency, kind and id.
    /// </summary>
    public IReadOnlyList<SettlementLine> SettlementLines(DateOnly? from, DateOnly? to)
    {
        var settledCharges = charges.Values.Select(charge => charge.Answer()).Where(charge => charge.Status == PaymentStatuses.Succeeded)
            .SelectMany(charge => new[]
            {
                new SettlementLine(Day(charge.DecidedAt), SettlementLineKinds.Charge, charge.Id, charge.Reference, charge.Currency, charge.Amount),
                new SettlementLine(Day(charge.DecidedAt), SettlementLineKinds.Fee, charge.Id, charge.Reference, charge.Currency, charge.Fee),
            })
            .Where(line => line.Kind != SettlementLineKinds.Fee || line.Amount != 0m);
        var settledRefunds = refunds.Values.Select(refund => refund.Answer()).Where(refund => refund.Status == PaymentStatuses.Succeeded)
            .Select(refund => new SettlementLine(Day(refund.DecidedAt), SettlementLineKinds.Refund, refund.Id, refund.Reference, refund.Currency, refund.Amount));
        var paidPayouts = payouts.Values.Select(payout => payout.Answer()).Where(payout => payout.Status == PayoutStatuses.Paid)
            .Select(payout => new SettlementLine(Day(payout.DecidedAt), SettlementLineKinds.Payout, payout.Id, payout.Reference, payout.Currency, payout.Amount));
        return [.. settledCharges.Concat(settledRefunds).Concat(paidPayouts)
            .Where(line => (from is null || line.Date >= from) && (to is null || line.Date <= to))
            .OrderBy(line => line.Date).ThenBy(line => line.Currency, StringComparer.Ordinal)
            .ThenBy(line => line.Kind, StringComparer.Ordinal).ThenBy(line => line.Id, StringComparer.Ordinal)];
    }

    private static DateOnly Day(DateTimeOffset? decidedAt) => DateOnly.FromDateTime(decidedAt!.Value.UtcDateTime);
}

/// <param name="DeclinesBeforeSuccess">For <see cref="CardBehaviours.DeclinesThenSucceeds"/>: declined attempts per reference before the first success.</param>
public sealed record PaymentMethod(string Token, string Behaviour, int DeclinesBeforeSuccess, string Last4, DateTimeOffset Created)
{
    public PaymentMethodAnswer Answer()
    {
        // An expired card expired last month; every other card is valid for three more years.
        var expiry = Behaviour == CardBehaviours.ExpiredCard ? Created.AddMonths(-1) : Created.AddYears(3);
        return new PaymentMethodAnswer(Token, Behaviour, DeclinesBeforeSuccess, Last4, expiry.Month, expiry.Year, Created);
    }
}

/// <summary>A charge: pending when created, then decided once. Its refunds reserve their amount while pending.</summary>
public sealed class Charge(string id, PaymentMethod method, string currency, decimal amount, string reference, string? description, DateTimeOffset created)
{
    private readonly Lock gate = new();
    private string status = PaymentStatuses.Pending;
    private decimal fee;
    private decimal amountRefunded;
    private string? failureCode;
    private string? failureMessage;
    private DateTimeOffset? decidedAt;

    public string Id { get; } = id;

    public PaymentMethod Method { get; } = method;

    public string Reference { get; } = reference;

    public DateTimeOffset Created { get; } = created;

    public string Currency { get; } = currency;

    public bool Succeed(decimal chargedFee, DateTimeOffset at) => Decide(PaymentStatuses.Succeeded, chargedFee, null, null, at);

    public bool Fail(string code, string message, DateTimeOffset at) => Decide(PaymentStatuses.Failed, 0m, code, message, at);

    /// <summary>Reserves <paramref name="requested"/> for a refund if the charge succeeded and that much is left.</summary>
    /// <returns>Null when reserved; otherwise why not.</returns>
    public string? ReserveRefund(decimal requested)
    {
        lock (gate)
        {
            if (status != PaymentStatuses.Succeeded)
            {
                return $"Charge {Id} is {status}; only a succeeded charge can be refunded.";
            }

            if (requested > amount - amountRefunded)
            {
                return $"Only {amount - amountRefunded} {Currency} of charge {Id} is left to refund.";
            }

            amountRefunded += requested;
            return null;
        }
    }

    /// <summary>Gives back the reservation of a refund that failed.</summary>
    public void ReleaseRefund(decimal released)
    {
        lock (gate)
        {
            amountRefunded -= released;
        }
    }

    public ChargeAnswer Answer()
    {
        lock (gate)
        {
            return new ChargeAnswer(Id, "charge", Method.Token, Currency, amount, fee, amountRefunded, status, Reference, description, failureCode, failureMessage, Created, decidedAt);
        }
    }

    private bool Decide(string decided, decimal chargedFee, string? code, string? message, DateTimeOffset at)
    {
        lock (gate)
        {
            if (status != PaymentStatuses.Pending)
            {
                return false;
            }

            (status, fee, failureCode, failureMessage, decidedAt) = (decided, chargedFee, code, message, at);
            return true;
        }
    }
}

/// <summary>A refund of (part of) a succeeded charge: pending when created, then decided once.</summary>
public sealed class Refund(string id, Charge charge, decimal amount, string reference, string? reason, DateTimeOffset created)
{
    private readonly Lock gate = new();
    private string status = PaymentStatuses.Pending;
    private string? failureCode;
    private string? failureMessage;
    private DateTimeOffset? decidedAt;

    public string Id { get; } = id;

    public Charge Charge { get; } = charge;

    public decimal Amount { get; } = amount;

    public string Reference { get; } = reference;

    public bool Succeed(DateTimeOffset at) => Decide(PaymentStatuses.Succeeded, null, null, at);

    public bool Fail(string code, string message, DateTimeOffset at) => Decide(PaymentStatuses.Failed, code, message, at);

    public RefundAnswer Answer()
    {
        lock (gate)
        {
            return new RefundAnswer(Id, "refund", Charge.Id, Charge.Currency, Amount, status, Reference, reason, failureCode, failureMessage, created, decidedAt);
        }
    }

    private bool Decide(string decided, string? code, string? message, DateTimeOffset at)
    {
        lock (gate)
        {
            if (status != PaymentStatuses.Pending)
            {
                return false;
            }

            (status, failureCode, failureMessage, decidedAt) = (decided, code, message, at);
            return true;
        }
    }
}

/// <summary>A worker's bank account behind a token; <see cref="DestinationBehaviours.Closed"/> refuses payouts.</summary>
public sealed record PayoutDestination(string Token, string Behaviour, string Last4, DateTimeOffset Created)
{
    public PayoutDestinationAnswer Answer() => new(Token, Behaviour, Last4, Created);
}

/// <summary>A payout to a destination: pending when created, then paid or failed once.</summary>
public sealed class Payout(string id, PayoutDestination destination, string currency, decimal amount, string reference, string? description, DateTimeOffset created)
{
    private readonly Lock gate = new();
    private string status = PayoutStatuses.Pending;
    private string? failureCode;
    private string? failureMessage;
    private DateTimeOffset? decidedAt;

    public string Id { get; } = id;

    public PayoutDestination Destination { get; } = destination;

    public string Reference { get; } = reference;

    public DateTimeOffset Created { get; } = created;

    public bool Pay(DateTimeOffset at) => Decide(PayoutStatuses.Paid, null, null, at);

    public bool Fail(string code, string message, DateTimeOffset at) => Decide(PayoutStatuses.Failed, code, message, at);

    public PayoutAnswer Answer()
    {
        lock (gate)
        {
            return new PayoutAnswer(Id, "payout", Destination.Token, currency, amount, status, Reference, description, failureCode, failureMessage, Created, decidedAt);
        }
    }

    private bool Decide(string decided, string? code, string? message, DateTimeOffset at)
    {
        lock (gate)
        {
            if (status != PayoutStatuses.Pending)
            {
                return false;
            }

            (status, failureCode, failureMessage, decidedAt) = (decided, code, message, at);
            return true;
        }
    }
}
