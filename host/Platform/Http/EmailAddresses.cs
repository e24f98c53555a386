using System.Net.Mail;

namespace HelperPlatform.Host.Platform.Http;

public static class EmailAddresses
{
    /// <summary>A single plain address with a dotted domain; display names and lists are refused.</summary>
    public static bool IsValid(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email.Trim() && email.Contains('.', StringComparison.Ordinal);
}
