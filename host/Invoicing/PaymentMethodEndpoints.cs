using System.Security.Claims;
using System.Text.Json.Nodes;
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
public static class PaymentMethodEndpoints
{
    public const string ExampleToken = "pm_test_succeeds";

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
        catch (Exception e) when (GoldenHatTokens.IsUnreachable(e))
        {
            return GoldenHatTokens.Unreachable(http, "payment method");
        }
    }

    /// <summary>The token's problems of shape, checked before any I/O.</summary>
    public static ValidationErrors TokenShape(PaymentMethodBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return GoldenHatTokens.Shape(body.Token, "payment method");
    }

    private static async Task<Ok<List<PaymentMethodResponse>>> ListAsync(ClaimsPrincipal user, PaymentMethodBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok((await book.ListAsync(user.AccountId(), cancellationToken)).Select(ToResponse).ToList());

    private static PaymentMethodResponse ToResponse(PaymentMethod method) => new(method.Id, method.Token, method.RegisteredAt);
}
