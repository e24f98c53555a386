namespace HelperPlatform.Host.Identity;

public sealed record RegisterClientRequest(string? Email, string? Password, string? DisplayName);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record CreateStaffRequest(string? Email, string? Password, string? DisplayName, string? Role);

public sealed record AccountResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles);
