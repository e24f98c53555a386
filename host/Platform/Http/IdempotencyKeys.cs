using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header of a POST that creates something, under the rules Golden Hat's API follows
/// (goldenhat/README.md, "Idempotency"): the key is required; the same caller sending the same key again
/// gets the first answer; the same key with other values is a 422 naming the fields that differ.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>The key of the request, or null with the error added to <paramref name="errors"/>.</summary>
    public static string? Read(HttpRequest request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var key = request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxLength)
        {
            errors.Add(Header, $"Send an {Header} header of at most {MaxLength} characters: a new value for each request, the same when a request is sent again.");
            return null;
        }

        return key;
    }

    /// <summary>
    /// The id of what <paramref name="caller"/> creates with <paramref name="key"/>: the same for every retry, so the
    /// workflow id made from it refuses a second start; another caller's key makes another id.
    /// </summary>
    public static Guid IdFor(string scope, string caller, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{caller}\n{key}"));
        // RFC 9562 version 8 (custom) and variant bits, so the id is a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The 422 for a key reused with other values, naming each field that differs.</summary>
    public static ProblemHttpResult Reused(IReadOnlyList<string> differing) =>
        TypedResults.Problem(
            $"This {Header} was used for a request with other values; these differ: {string.Join(", ", differing)}. Send a new key for a new request.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Idempotency key reused",
            extensions: new Dictionary<string, object?> { ["errors"] = differing.ToDictionary(field => field, field => new[] { $"'{field}' differs from the first request with this {Header}." }) });
}
