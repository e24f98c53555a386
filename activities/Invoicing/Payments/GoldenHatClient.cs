using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Activities.Invoicing.Payments;

/// <summary>
/// Golden Hat's API. The host gives its HttpClient a resilience pipeline (timeouts, retries with jitter, circuit
/// breaker); every retry re-sends the same request message, so a charge or refund keeps its Idempotency-Key and
/// Golden Hat replays its first answer instead of charging again.
/// </summary>
public sealed class GoldenHatClient(HttpClient http, GoldenHatConnection connection)
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Asks for a charge; pending until decided (the webhook or <see cref="GetChargeAsync"/> tells), or failed at once for an expired card.</summary>
    /// <exception cref="GoldenHatRejectedException">Golden Hat refused the request as invalid; sending it again cannot help.</exception>
    /// <exception cref="HttpRequestException">Golden Hat stayed unreachable or failing through every retry.</exception>
    public Task<PaymentOutcome> ChargeAsync(ChargeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return PostAsync(
            "v1/charges",
            command.IdempotencyKey,
            new { paymentMethod = command.PaymentMethodToken, currency = command.Currency, amount = command.Amount, reference = command.Reference, description = command.Description },
            cancellationToken);
    }

    /// <exception cref="GoldenHatRejectedException">Golden Hat refused the refund (e.g. above what is left to refund).</exception>
    /// <exception cref="HttpRequestException">Golden Hat stayed unreachable or failing through every retry.</exception>
    public Task<PaymentOutcome> RefundAsync(RefundCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return PostAsync(
            "v1/refunds",
            command.IdempotencyKey,
            new { charge = command.ChargeId, amount = command.Amount, reason = command.Reason, reference = command.Reference },
            cancellationToken);
    }

    /// <summary>Asks for a payout to a worker's destination; pending until decided (the webhook or <see cref="GetPayoutAsync"/> tells).</summary>
    /// <exception cref="GoldenHatRejectedException">Golden Hat refused the request as invalid (e.g. an unknown destination).</exception>
    /// <exception cref="HttpRequestException">Golden Hat stayed unreachable or failing through every retry.</exception>
    public Task<PaymentOutcome> PayoutAsync(PayoutCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return PostAsync(
            "v1/payouts",
            command.IdempotencyKey,
            new { destination = command.DestinationToken, currency = command.Currency, amount = command.Amount, reference = command.Reference, description = command.Description },
            cancellationToken);
    }

    /// <exception cref="GoldenHatRejectedException">Golden Hat knows no such payout.</exception>
    public Task<PaymentOutcome> GetPayoutAsync(string payoutId, CancellationToken cancellationToken) => GetAsync($"v1/payouts/{Uri.EscapeDataString(payoutId)}", cancellationToken);

    /// <exception cref="GoldenHatRejectedException">Golden Hat knows no such charge.</exception>
    public Task<PaymentOutcome> GetChargeAsync(string chargeId, CancellationToken cancellationToken) => GetAsync($"v1/charges/{Uri.EscapeDataString(chargeId)}", cancellationToken);

    /// <exception cref="GoldenHatRejectedException">Golden Hat knows no such refund.</exception>
    public Task<PaymentOutcome> GetRefundAsync(string refundId, CancellationToken cancellationToken) => GetAsync($"v1/refunds/{Uri.EscapeDataString(refundId)}", cancellationToken);

    /// <summary>Golden Hat's settlement report line by line, for the days from <paramref name="from"/> to <paramref name="to"/> (UTC).</summary>
    /// <exception cref="HttpRequestException">Golden Hat stayed unreachable or failing through every retry.</exception>
    public async Task<IReadOnlyList<SettlementLine>> SettlementLinesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        using var request = await RequestAsync(HttpMethod.Get, $"v1/settlements/lines?{days}", cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAnsweredAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<SettlementLine>>(cancellationToken)
            ?? throw new HttpRequestException("Golden Hat answered the settlement report with an empty body.");
    }

    /// <summary>Looks up a payment method token a client registers.</summary>
    /// <returns>The card's public details, or null when Golden Hat has no such token.</returns>
    /// <exception cref="HttpRequestException">Golden Hat stayed unreachable or failing through every retry.</exception>
    public Task<PaymentMethodDetails?> FindPaymentMethodAsync(string token, CancellationToken cancellationToken) =>
        FindAsync<PaymentMethodDetails>("v1/payment-methods", token, cancellationToken);

    /// <summary>Looks up a payout destination token a worker registers.</summary>
    /// <returns>The bank account's public details, or null when Golden Hat has no such token.</returns>
    /// <exception cref="HttpRequestException">Golden Hat stayed unreachable or failing through every retry.</exception>
    public Task<PayoutDestinationDetails?> FindPayoutDestinationAsync(string token, CancellationToken cancellationToken) =>
        FindAsync<PayoutDestinationDetails>("v1/payout-destinations", token, cancellationToken);

    private async Task<T?> FindAsync<T>(string collection, string token, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        using var request = await RequestAsync(HttpMethod.Get, $"{collection}/{Uri.EscapeDataString(token)}", cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAnsweredAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new HttpRequestException($"Golden Hat answered {collection}/{token} with an empty body.");
    }

    private async Task<PaymentOutcome> PostAsync(string path, string idempotencyKey, object body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        using var request = await RequestAsync(HttpMethod.Post, path, cancellationToken);
        request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PaymentRequired)
        {
            // A synchronous decline (an expired card) is an outcome: the failed charge comes with the error.
            var declined = await response.Content.ReadFromJsonAsync<DeclineAnswer>(cancellationToken);
            return declined?.Charge?.Outcome() ?? throw new HttpRequestException("Golden Hat declined without the charge.");
        }

        return await ReadPaymentAsync(response, cancellationToken);
    }

    private async Task<PaymentOutcome> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, path, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadPaymentAsync(response, cancellationToken);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var endpoint = await connection.GetAsync(cancellationToken);
        var request = new HttpRequestMessage(method, new Uri(endpoint.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.ApiKey);
        return request;
    }

    private static async Task<PaymentOutcome> ReadPaymentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureAnsweredAsync(response, cancellationToken);
        var payment = await response.Content.ReadFromJsonAsync<PaymentAnswer>(cancellationToken)
            ?? throw new HttpRequestException("Golden Hat answered with an empty body.");
        return payment.Outcome();
    }

    /// <summary>
    /// Throws for anything but a 2xx: <see cref="GoldenHatRejectedException"/> when the request itself is wrong
    /// (400, 404, 422 for a reused idempotency key), <see cref="HttpRequestException"/> for what may pass (5xx,
    /// 409 while the same key still runs, 401 until the API key is fixed).
    /// </summary>
    private static async Task EnsureAnsweredAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            var error = await ReadErrorAsync(response, cancellationToken);
            throw new GoldenHatRejectedException(
                $"Golden Hat refused the request ({(int)response.StatusCode} {error?.Code}{(error?.Param is { } param ? $", {param}" : "")}): {error?.Message}");
        }

        throw new HttpRequestException($"Golden Hat answered {(int)response.StatusCode}.", null, response.StatusCode);
    }

    private static async Task<ErrorDetail?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<ErrorAnswer>(cancellationToken))?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record PaymentAnswer(
        string Kind, string Id, string? Charge, string Currency, decimal Amount, decimal? Fee, string Status, string? FailureCode, string? FailureMessage)
    {
        public PaymentOutcome Outcome() => new(
            Kind switch
            {
                "refund" => PaymentKind.Refund,
                "payout" => PaymentKind.Payout,
                _ => PaymentKind.Charge,
            },
            Id,
            Kind == "refund" ? Charge : null,
            Status switch
            {
                "succeeded" or "paid" => PaymentStatus.Succeeded,
                "failed" => PaymentStatus.Failed,
                "pending" => PaymentStatus.Pending,
                _ => throw new HttpRequestException($"Golden Hat answered an unknown status '{Status}'."),
            },
            Currency,
            Amount,
            Fee ?? 0m,
            FailureCode,
            FailureMessage);
    }

    private sealed record DeclineAnswer(PaymentAnswer? Charge);

    private sealed record ErrorAnswer(ErrorDetail? Error);

    private sealed record ErrorDetail(string? Code, string? Message, string? Param);
}

/// <summary>One line of Golden Hat's settlement report: a charge, its fee, a refund or a payout (<see cref="Kind"/>, Golden Hat's word), on the day it settled.</summary>
public sealed record SettlementLine(DateOnly Date, string Kind, string Id, string Reference, string Currency, decimal Amount);

/// <summary>What Golden Hat shows of a card behind a token: enough for a client to recognise it.</summary>
public sealed record PaymentMethodDetails(string Token, string Last4, int ExpMonth, int ExpYear);

/// <summary>What Golden Hat shows of a bank account behind a payout destination token: enough for a worker to recognise it.</summary>
public sealed record PayoutDestinationDetails(string Token, string Last4);

public sealed class GoldenHatRejectedException(string message) : Exception(message);
