using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.PaymentMethods;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// A client's payment methods: tokens Golden Hat made for the client's cards (as the client app does with Golden
/// Hat's card form); the platform stores only the token, and charges the last registered.
/// </summary>
public static partial class PaymentMethodEndpoints
{
    public const string ExampleToken = "pm_test_succeeds";

    /// <summary>When a client may try again after Golden Hat could not be asked: its circuit breaker opens for 15 s.</summary>
    private const int GoldenHatRetryAfterSeconds = 15;

    public static IEndpointRouteBuilder MapPaymentMethodEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/payment-methods").WithTags("Invoicing");
        group.MapPost("/", RegisterAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Register a payment method: a token Golden Hat knows; invoices are charged to the last registered (client).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["token"] = ExampleToken });
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Your payment methods, the one charged first (client).");
        return endpoints;
    }

    private static async Task<Results<Created<PaymentMethodResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        PaymentMethodBody body, ClaimsPrincipal user, PaymentMethodBook book, GoldenHatClient goldenHat, HttpContext http, TimeProvider time, CancellationToken cancellationToken)
    {
        switch (await VerifyAsync(body, goldenHat, http, cancellationToken))
        {
            case ValidationProblem invalid:
                return invalid;
            case ProblemHttpResult unavailable:
                return unavailable;
        }

        var method = await book.RegisterAsync(user.AccountId(), body.Token!, time.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/api/payment-methods/{method.Id}", ToResponse(method));
    }

    /// <summary>
    /// The token's problems: its shape, then whether Golden Hat knows it (a 400 naming <c>token</c> when it does
    /// not, a 503 when Golden Hat cannot be asked); null for a token that can be charged.
    /// </summary>
    /// <returns>A <see cref="ValidationProblem"/>, a <see cref="ProblemHttpResult"/>, or null.</returns>
    public static async Task<IResult?> VerifyAsync(PaymentMethodBody body, GoldenHatClient goldenHat, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(goldenHat);
        ArgumentNullException.ThrowIfNull(http);
        var errors = TokenShape(body);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        try
        {
            return await goldenHat.FindPaymentMethodAsync(body.Token!, cancellationToken) is null
                ? new ValidationErrors().Add("token", $"Golden Hat has no payment method '{body.Token}'.").ToProblem()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException)
        {
            // Unreachable or failing through every retry, or the circuit breaker (or the call's budget) stopped the call.
            http.Response.Headers.RetryAfter = GoldenHatRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"Golden Hat cannot be reached to verify the payment method; try again in {GoldenHatRetryAfterSeconds} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Try again");
        }
    }

    /// <summary>The token's problems of shape (checked before any I/O): required, at most 200 characters of letters, digits, '_' and '-'.</summary>
    public static ValidationErrors TokenShape(PaymentMethodBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors().Required("token", body.Token, InvoicingDbContext.MaxTokenLength);
        if (errors.IsValid && !TokenPattern().IsMatch(body.Token!))
        {
            errors.Add("token", "'token' must be a Golden Hat payment method token: letters, digits, '_' and '-'.");
        }

        return errors;
    }

    private static async Task<Ok<List<PaymentMethodResponse>>> ListAsync(ClaimsPrincipal user, PaymentMethodBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok((await book.ListAsync(user.AccountId(), cancellationToken)).Select(ToResponse).ToList());

    private static PaymentMethodResponse ToResponse(PaymentMethod method) => new(method.Id, method.Token, method.RegisteredAt);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();
}
