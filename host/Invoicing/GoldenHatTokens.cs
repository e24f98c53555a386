using System.Globalization;
using System.Text.RegularExpressions;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Tokens Golden Hat made for a client's card or a worker's bank account, as the endpoints that register them check them.</summary>
public static partial class GoldenHatTokens
{
    /// <summary>When a caller may try again after Golden Hat could not be asked: its circuit breaker opens for 15 s.</summary>
    private const int RetryAfterSeconds = 15;

    /// <summary>The token's problems of shape (checked before any I/O): required, at most 200 characters of letters, digits, '_' and '-'.</summary>
    public static ValidationErrors Shape(string? token, string kind)
    {
        var errors = new ValidationErrors().Required("token", token, InvoicingDbContext.MaxTokenLength);
        if (errors.IsValid && !TokenPattern().IsMatch(token!))
        {
            errors.Add("token", $"'token' must be a Golden Hat {kind} token: letters, digits, '_' and '-'.");
        }

        return errors;
    }

    /// <summary>Golden Hat unreachable or failing through every retry, or the circuit breaker (or the call's budget) stopped the call.</summary>
    public static bool IsUnreachable(Exception e) => e is HttpRequestException or Polly.ExecutionRejectedException;

    /// <summary>The 503 with <c>Retry-After</c> for a token Golden Hat could not be asked about.</summary>
    public static ProblemHttpResult Unreachable(HttpContext http, string kind)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"Golden Hat cannot be reached to verify the {kind}; try again in {RetryAfterSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Try again");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();
}
