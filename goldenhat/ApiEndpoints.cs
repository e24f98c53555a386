using System.Text.Json;
using System.Text.Json.Nodes;

namespace HelperPlatform.GoldenHat;

/// <summary>The merchant API under <c>/v1</c>: payment methods, charges, refunds, payout destinations, payouts and the settlement report.</summary>
internal static class ApiEndpoints
{
    private const int MaxReferenceLength = 200;
    private const int MaxTextLength = 500;
    private const int MaxIdempotencyKeyLength = 255;
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };

    public static void Map(WebApplication app)
    {
        app.MapPost("/v1/payment-methods", CreatePaymentMethodAsync);
        app.MapGet("/v1/payment-methods/{token}", (string token, PaymentBook book) =>
            book.FindMethod(token) is { } method ? Results.Ok(method.Answer()) : Missing("token", $"No such payment method: '{token}'."));
        app.MapPost("/v1/charges", (HttpContext http, PaymentBook book, PaymentProcessor processor, IdempotencyStore store, GoldenHatOptions options) =>
            RunIdempotentAsync<ChargeRequest>(http, store, "POST /v1/charges", request => ValidateCharge(request, book), request => Charge(request, book, processor, options)));
        app.MapGet("/v1/charges/{id}", (string id, PaymentBook book) =>
            book.FindCharge(id) is { } charge ? Results.Ok(charge.Answer()) : Missing("id", $"No such charge: '{id}'."));
        app.MapPost("/v1/refunds", (HttpContext http, PaymentBook book, PaymentProcessor processor, IdempotencyStore store, GoldenHatOptions options) =>
            RunIdempotentAsync<RefundRequest>(http, store, "POST /v1/refunds", request => ValidateRefund(request, book), request => Refund(request, book, processor, options)));
        app.MapGet("/v1/refunds/{id}", (string id, PaymentBook book) =>
            book.FindRefund(id) is { } refund ? Results.Ok(refund.Answer()) : Missing("id", $"No such refund: '{id}'."));
        app.MapPost("/v1/payout-destinations", CreatePayoutDestinationAsync);
        app.MapGet("/v1/payout-destinations/{token}", (string token, PaymentBook book) =>
            book.FindDestination(token) is { } destination ? Results.Ok(destination.Answer()) : Missing("token", $"No such payout destination: '{token}'."));
        app.MapPost("/v1/payouts", (HttpContext http, PaymentBook book, PaymentProcessor processor, IdempotencyStore store, GoldenHatOptions options) =>
            RunIdempotentAsync<PayoutRequest>(http, store, "POST /v1/payouts", request => ValidatePayout(request, book), request => Payout(request, book, processor, options)));
        app.MapGet("/v1/payouts/{id}", (string id, PaymentBook book) =>
            book.FindPayout(id) is { } payout ? Results.Ok(payout.Answer()) : Missing("id", $"No such payout: '{id}'."));
        app.MapGet("/v1/settlements", (string? from, string? to, PaymentBook book) =>
            Between(from, to, (first, last) => Results.Ok(book.Settlement(first, last))));
        app.MapGet("/v1/settlements/lines", (string? from, string? to, PaymentBook book) =>
            Between(from, to, (first, last) => Results.Ok(book.SettlementLines(first, last))));
    }

    /// <summary>What a client app's card form does: Golden Hat keeps the card, the merchant gets a token.</summary>
    private static async Task<IResult> CreatePaymentMethodAsync(HttpContext http, PaymentBook book, GoldenHatOptions options)
    {
        var (request, problem) = await ReadAsync<PaymentMethodRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Behaviour is not { } behaviour || !CardBehaviours.All.Contains(behaviour))
        {
            return Invalid("behaviour", $"The behaviour must be one of {string.Join(", ", CardBehaviours.All)}.");
        }

        var declines = request.DeclinesBeforeSuccess ?? (behaviour == CardBehaviours.DeclinesThenSucceeds ? 1 : 0);
        if (behaviour == CardBehaviours.DeclinesThenSucceeds ? declines is < 1 or > 10 : declines != 0)
        {
            return Invalid("declinesBeforeSuccess", "Only a declines_then_succeeds card declines a set number of attempts, from 1 to 10.");
        }

        var method = new PaymentMethod($"pm_{Guid.NewGuid():N}", behaviour, declines, Random.Shared.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture), options.TimeProvider.GetUtcNow());
        book.Add(method);
        return Results.Created($"/v1/payment-methods/{method.Token}", method.Answer());
    }

    /// <summary>What a worker app's bank form does: Golden Hat keeps the account, the merchant gets a token.</summary>
    private static async Task<IResult> CreatePayoutDestinationAsync(HttpContext http, PaymentBook book, GoldenHatOptions options)
    {
        var (request, problem) = await ReadAsync<PayoutDestinationRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Behaviour is not { } behaviour || !DestinationBehaviours.All.Contains(behaviour))
        {
            return Invalid("behaviour", $"The behaviour must be one of {string.Join(", ", DestinationBehaviours.All)}.");
        }

        var destination = new PayoutDestination($"pd_{Guid.NewGuid():N}", behaviour, Random.Shared.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture), options.TimeProvider.GetUtcNow());
        book.Add(destination);
        return Results.Created($"/v1/payout-destinations/{destination.Token}", destination.Answer());
    }

    private static IResult? ValidatePayout(PayoutRequest request, PaymentBook book)
    {
        if (string.IsNullOrWhiteSpace(request.Destination))
        {
            return Invalid("destination", "A payout needs the payout destination's token.");
        }

        if (book.FindDestination(request.Destination) is null)
        {
            return Unknown("destination", $"No such payout destination: '{request.Destination}'.");
        }

        return ValidateMoney(request.Currency, request.Amount) ?? ValidateTexts(request.Reference, request.Description, "description");
    }

    /// <summary>Pending at once; paid or failed (a closed destination) after the processing delay, announced by webhook.</summary>
    private static (int Status, object Body) Payout(PayoutRequest request, PaymentBook book, PaymentProcessor processor, GoldenHatOptions options)
    {
        var payout = new Payout($"po_{Guid.NewGuid():N}", book.FindDestination(request.Destination!)!, request.Currency!.ToUpperInvariant(), request.Amount!.Value, request.Reference!, request.Description, options.TimeProvider.GetUtcNow());
        book.Add(payout);
        processor.Schedule(payout);
        return (StatusCodes.Status201Created, payout.Answer());
    }

    private static IResult? ValidateCharge(ChargeRequest request, PaymentBook book)
    {
        if (string.IsNullOrWhiteSpace(request.PaymentMethod))
        {
            return Invalid("paymentMethod", "A charge needs the payment method's token.");
        }

        if (book.FindMethod(request.PaymentMethod) is null)
        {
            return Unknown("paymentMethod", $"No such payment method: '{request.PaymentMethod}'.");
        }

        return ValidateMoney(request.Currency, request.Amount) ?? ValidateTexts(request.Reference, request.Description, "description");
    }

    private static (int Status, object Body) Charge(ChargeRequest request, PaymentBook book, PaymentProcessor processor, GoldenHatOptions options)
    {
        var method = book.FindMethod(request.PaymentMethod!)!;
        var charge = new Charge($"ch_{Guid.NewGuid():N}", method, request.Currency!.ToUpperInvariant(), request.Amount!.Value, request.Reference!, request.Description, options.TimeProvider.GetUtcNow());
        book.Add(charge);
        var attempt = book.CountAttempt(method.Token, charge.Reference);
        if (method.Behaviour == CardBehaviours.ExpiredCard)
        {
            charge.Fail("expired_card", "The card has expired.", options.TimeProvider.GetUtcNow());
            processor.Announce(charge);
            return (StatusCodes.Status402PaymentRequired, new ErrorAnswer(new ErrorDetail(ErrorTypes.Card, "expired_card", "The card has expired.", "paymentMethod"), charge.Answer()));
        }

        processor.Schedule(charge, attempt);
        return (StatusCodes.Status201Created, charge.Answer());
    }

    private static IResult? ValidateRefund(RefundRequest request, PaymentBook book)
    {
        if (string.IsNullOrWhiteSpace(request.Charge))
        {
            return Invalid("charge", "A refund needs the id of the charge it refunds.");
        }

        if (book.FindCharge(request.Charge) is not { } charge)
        {
            return Unknown("charge", $"No such charge: '{request.Charge}'.");
        }

        return ValidateMoney(charge.Currency, request.Amount) ?? ValidateTexts(request.Reference, request.Reason, "reason");
    }

    /// <summary>Reserves the amount on the charge at once, so concurrent refunds can never exceed it.</summary>
    private static (int Status, object Body) Refund(RefundRequest request, PaymentBook book, PaymentProcessor processor, GoldenHatOptions options)
    {
        var charge = book.FindCharge(request.Charge!)!;
        if (charge.ReserveRefund(request.Amount!.Value) is { } refused)
        {
            var field = charge.Answer().Status == PaymentStatuses.Succeeded ? "amount" : "charge";
            return (StatusCodes.Status400BadRequest, new ErrorAnswer(new ErrorDetail(ErrorTypes.InvalidRequest, "refund_refused", refused, field)));
        }

        var refund = new Refund($"re_{Guid.NewGuid():N}", charge, request.Amount.Value, request.Reference!, request.Reason, options.TimeProvider.GetUtcNow());
        book.Add(refund);
        processor.Schedule(refund);
        return (StatusCodes.Status201Created, refund.Answer());
    }

    private static IResult? ValidateMoney(string? currency, decimal? amount)
    {
        if (currency is null || !Money.MinorUnits.ContainsKey(currency.ToUpperInvariant()))
        {
            return Invalid("currency", $"The currency must be one of {string.Join(", ", Money.MinorUnits.Keys)}.");
        }

        if (amount is not { } value || value <= 0 || value > Money.MaximumAmount)
        {
            return Invalid("amount", $"The amount must be positive and at most {Money.MaximumAmount}.");
        }

        return Money.IsExact(value, currency.ToUpperInvariant())
            ? null
            : Invalid("amount", $"The amount must be whole in {currency.ToUpperInvariant()}'s minor unit ({Money.MinorUnits[currency.ToUpperInvariant()]} decimals).");
    }

    private static IResult? ValidateTexts(string? reference, string? text, string textField)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Length > MaxReferenceLength)
        {
            return Invalid("reference", $"The reference (the merchant's id of the payment) is required, at most {MaxReferenceLength} characters.");
        }

        return text?.Length > MaxTextLength ? Invalid(textField, $"At most {MaxTextLength} characters.") : null;
    }

    /// <summary>
    /// The idempotency rules: the key is required; a replay answers the stored first answer; another request
    /// under the key is refused naming what differs; a key in use answers 409; a request that fails validation
    /// (or meets an unexpected failure) releases the key, so only answers of requests that ran are stored.
    /// </summary>
    private static async Task<IResult> RunIdempotentAsync<TRequest>(
        HttpContext http, IdempotencyStore store, string endpoint, Func<TRequest, IResult?> validate, Func<TRequest, (int Status, object Body)> execute)
        where TRequest : class
    {
        var key = http.Request.Headers[GoldenHatHeaders.IdempotencyKey].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength)
        {
            return Invalid(GoldenHatHeaders.IdempotencyKey, $"Send an {GoldenHatHeaders.IdempotencyKey} header of at most {MaxIdempotencyKeyLength} characters.");
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return Invalid("body", "The body must be a JSON object.");
        }

        switch (store.Claim(key, endpoint, body))
        {
            case IdempotencyClaim.Replay(var answer):
                http.Response.Headers[GoldenHatHeaders.IdempotentReplayed] = "true";
                return Results.Text(answer.Body, "application/json", statusCode: answer.StatusCode);
            case IdempotencyClaim.InProgress:
                return Error(StatusCodes.Status409Conflict, ErrorTypes.Idempotency, "idempotency_key_in_use", "A request with this idempotency key is still being processed; retry shortly.", GoldenHatHeaders.IdempotencyKey);
            case IdempotencyClaim.Mismatch(var fields, var first):
                return Error(
                    StatusCodes.Status422UnprocessableEntity,
                    ErrorTypes.Idempotency,
                    "idempotency_key_reused",
                    $"This idempotency key was used for {first} with other parameters; these differ: {string.Join(", ", fields)}.",
                    fields[0]);
            case IdempotencyClaim.Claimed(var use):
                var (request, unreadable) = Read<TRequest>(body);
                if ((unreadable ?? validate(request!)) is { } invalid)
                {
                    store.Forget(use);
                    return invalid;
                }

                (int Status, object Body) result;
                try
                {
                    var behaviour = http.RequestServices.GetRequiredService<SimulatorBehaviour>();
                    await Task.Delay(behaviour.ResponseDelay, http.RequestServices.GetRequiredService<GoldenHatOptions>().TimeProvider, http.RequestAborted);
                    result = execute(request!);
                }
                catch
                {
                    store.Forget(use);
                    throw;
                }

                var json = JsonSerializer.Serialize(result.Body, result.Body.GetType(), JsonSerializerOptions.Web);
                store.Complete(use, new StoredAnswer(result.Status, json));
                return Results.Text(json, "application/json", statusCode: result.Status);
            default:
                throw new InvalidOperationException("Unknown idempotency claim.");
        }
    }

    private static async Task<(T? Request, IResult? Problem)> ReadAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) is JsonObject body
                ? Read<T>(body)
                : (null, Invalid("body", "The body must be a JSON object."));
        }
        catch (JsonException)
        {
            return (null, Invalid("body", "The body must be a JSON object."));
        }
    }

    /// <summary>Reads the request strictly: unknown fields and wrongly typed values are refused, naming the field.</summary>
    private static (T? Request, IResult? Problem) Read<T>(JsonObject body)
        where T : class
    {
        var known = typeof(T).GetProperties().Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name)).ToHashSet(StringComparer.Ordinal);
        if (body.Select(property => property.Key).FirstOrDefault(name => !known.Contains(name)) is { } unknown)
        {
            return (null, Invalid(unknown, $"Unknown field '{unknown}'."));
        }

        try
        {
            return (body.Deserialize<T>(Strict), null);
        }
        catch (JsonException e)
        {
            var field = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
            return (null, Invalid(field, $"'{field}' has the wrong type."));
        }
    }

    /// <summary>The settlement reports' optional day range, each day yyyy-MM-dd, else a 400 naming it.</summary>
    private static IResult Between(string? from, string? to, Func<DateOnly?, DateOnly?, IResult> report)
    {
        if (ParseDay(from) is not { Valid: true } first)
        {
            return Invalid("from", "Give the first day as yyyy-MM-dd.");
        }

        if (ParseDay(to) is not { Valid: true } last)
        {
            return Invalid("to", "Give the last day as yyyy-MM-dd.");
        }

        return report(first.Day, last.Day);
    }

    private static (bool Valid, DateOnly? Day) ParseDay(string? text) =>
        string.IsNullOrEmpty(text) ? (true, null)
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", out var day) ? (true, day)
        : (false, null);

    private static IResult Invalid(string param, string message) => Error(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, "parameter_invalid", message, param);

    /// <summary>A request naming an object Golden Hat does not have: invalid (400), unlike reading one (404).</summary>
    private static IResult Unknown(string param, string message) => Error(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, "resource_missing", message, param);

    private static IResult Missing(string param, string message) => Error(StatusCodes.Status404NotFound, ErrorTypes.InvalidRequest, "resource_missing", message, param);

    private static IResult Error(int status, string type, string code, string message, string? param) =>
        Results.Json(new ErrorAnswer(new ErrorDetail(type, code, message, param)), statusCode: status);
}
