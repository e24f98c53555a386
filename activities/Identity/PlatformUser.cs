using Microsoft.AspNetCore.Identity;

namespace HelperPlatform.Activities.Identity;

/// <summary>An account of any role: client, candidate, worker, manager, warehouse staff or ops.</summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
