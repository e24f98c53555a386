using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.PaymentMethods;
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
    public const string ExampleToken = "tok_visa_always_succeeds";

    public static IEndpointRouteBuilder MapPaymentMethodEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/payment-methods").WithTags("Invoicing");
        group.MapPost("/", RegisterAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Register a payment method: a Golden Hat token; invoices are charged to the last registered (client).")
            .WithRequestExample(() => new JsonObject { ["token"] = ExampleToken });
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Your payment methods, the one charged first (client).");
        return endpoints;
    }

    /// <summary>The problems of a token that is not as Golden Hat makes them (letters, digits, '_' and '-'); none for one that is.</summary>
    public static ValidationErrors ValidateToken(PaymentMethodBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors().Required("token", body.Token, InvoicingDbContext.MaxTokenLength);
        if (errors.IsValid && !TokenPattern().IsMatch(body.Token!))
        {
            errors.Add("token", "'token' must be a Golden Hat payment method token: letters, digits, '_' and '-'.");
        }

        return errors;
    }

    private static async Task<Results<Created<PaymentMethodResponse>, ValidationProblem>> RegisterAsync(
        PaymentMethodBody body, ClaimsPrincipal user, PaymentMethodBook book, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = ValidateToken(body);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var method = await book.RegisterAsync(user.AccountId(), body.Token!, time.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/api/payment-methods/{method.Id}", ToResponse(method));
    }

    private static async Task<Ok<List<PaymentMethodResponse>>> ListAsync(ClaimsPrincipal user, PaymentMethodBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok((await book.ListAsync(user.AccountId(), cancellationToken)).Select(ToResponse).ToList());

    private static PaymentMethodResponse ToResponse(PaymentMethod method) => new(method.Id, method.Token, method.RegisteredAt);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();
}
