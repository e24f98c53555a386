using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// Checks a partner's webhook (the cookie contractor's, Golden Hat's): a signature header
/// <c>v1=&lt;hex HMAC-SHA256 of "{timestamp}.{body}"&gt;</c> with the shared secret, compared in constant time, and a
/// timestamp header (unix seconds) within the tolerance, so a captured webhook cannot be replayed later.
/// </summary>
public static class WebhookVerifier
{
    private const string VersionPrefix = "v1=";

    /// <summary>The answer to a webhook that is not authentic and fresh; why stays in the log.</summary>
    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("The webhook's signature could not be verified.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    /// <summary>Reads the webhook's body and verifies it against the partner's headers; logs why a refused one was refused.</summary>
    /// <returns>The body, or null when the webhook is not authentic and fresh (answer it <see cref="Unauthorized"/>).</returns>
    public static async Task<string?> ReadVerifiedBodyAsync(
        HttpRequest request, WebhookHeaders headers, string secret, DateTimeOffset now, TimeSpan tolerance, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(headers);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var problem = Problem(request.Headers[headers.Timestamp], request.Headers[headers.Signature], body, secret, now, tolerance);
        if (problem is null)
        {
            return body;
        }

        logger.LogWarning("Refused a webhook to {Path} from {Address}: {Problem}", request.Path, request.HttpContext.Connection.RemoteIpAddress, problem);
        return null;
    }

    /// <returns>Null when the callback is authentic and fresh; otherwise why not (logged, never sent back).</returns>
    public static string? Problem(string? timestamp, string? signature, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "missing or malformed timestamp";
        }

        if (seconds < now.ToUnixTimeSeconds() - (long)tolerance.TotalSeconds || seconds > now.ToUnixTimeSeconds() + (long)tolerance.TotalSeconds)
        {
            return "timestamp outside the tolerance";
        }

        if (signature is null || !signature.StartsWith(VersionPrefix, StringComparison.Ordinal))
        {
            return "missing or unknown signature version";
        }

        byte[] sent;
        try
        {
            sent = Convert.FromHexString(signature.AsSpan(VersionPrefix.Length));
        }
        catch (FormatException)
        {
            return "signature is not hex";
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{seconds}.{body}"));
        return CryptographicOperations.FixedTimeEquals(expected, sent) ? null : "signature does not match";
    }
}

/// <summary>The headers a partner sends its webhook's timestamp and signature in.</summary>
public sealed record WebhookHeaders(string Timestamp, string Signature);
