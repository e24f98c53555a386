using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HelperPlatform.Activities.Onboarding.Applications;

/// <summary>
/// Confirmation tokens: 256 random bits, sent once in the link and stored only as their SHA-256. A fast hash
/// is enough here (unlike passwords): the token is random, so there is nothing to guess from the hash.
/// </summary>
public static class ConfirmationTokens
{
    private const int TokenBytes = 32;

    /// <summary>Base64url of <see cref="TokenBytes"/> bytes, without padding.</summary>
    public const int TokenLength = 43;

    public static (string Token, string Hash) Create()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Checked before any database work, so a malformed token costs nothing.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && Base64Url.IsValid(token, out var decodedLength) && decodedLength == TokenBytes;
}
