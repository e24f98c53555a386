using System.Security.Claims;

namespace HelperPlatform.Host.Identity;

public static class UserIds
{
    /// <summary>The signed-in account's id: what orders, bookings and journals store as the person.</summary>
    public static string AccountId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authorized request has no user id.");
    }
}
