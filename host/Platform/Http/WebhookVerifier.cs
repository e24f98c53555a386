using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// Checks a partner's webhook (the cookie contractor's, Golden Hat's): a signature header
/// <c>v1=&lt;hex HMAC-SHA256 of "{timestamp}.{body}"&gt;</c> with the shared secret, compared in constant time, and a
/// timestamp header (unix seconds) within the tolerance, so a captured webhook cannot be replayed later.
/// </summary>
public static class WebhookVerifier
{
    private const string VersionPrefix = "v1=";

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
