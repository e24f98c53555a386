using System.Security.Cryptography;
using HelperPlatform.Activities.Identity;
using Microsoft.AspNetCore.Identity;

namespace HelperPlatform.Host.Identity;

/// <summary>One entry of the <c>DevelopmentAccounts</c> configuration section.</summary>
public sealed class DevelopmentAccount
{
    public string Email { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string? DisplayName { get; set; }

    /// <summary>From user secrets or the environment; when absent a random one is generated and logged once.</summary>
    public string? Password { get; set; }
}

/// <summary>
/// Creates the roles and the staff accounts a development set-up needs (manager, warehouse, ops). Accounts
/// and passwords come from configuration only, never from code.
/// </summary>
public sealed class DevelopmentAccountsSeeder(
    UserManager<PlatformUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DevelopmentAccountsSeeder> logger)
{
    public const string Section = "DevelopmentAccounts";

    public async Task SeedAsync()
    {
        foreach (var role in PlatformRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roles.CreateAsync(new IdentityRole<Guid>(role)), $"create role {role}");
            }
        }

        foreach (var account in configuration.GetSection(Section).Get<DevelopmentAccount[]>() ?? [])
        {
            await SeedAccountAsync(account);
        }
    }

    private async Task SeedAccountAsync(DevelopmentAccount account)
    {
        if (!PlatformRoles.All.Contains(account.Role) || string.IsNullOrWhiteSpace(account.Email))
        {
            throw new InvalidOperationException(
                $"{Section}: '{account.Email}' needs an email and one of the roles {string.Join(", ", PlatformRoles.All)}.");
        }

        var generated = string.IsNullOrEmpty(account.Password);
        var password = generated ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)) : account.Password!;
        var user = await users.FindByEmailAsync(account.Email);
        if (user is null)
        {
            user = new PlatformUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                DisplayName = account.DisplayName ?? account.Email,
                CreatedAt = time.GetUtcNow(),
            };
            EnsureSucceeded(await users.CreateAsync(user, password), $"create {account.Email}");
        }
        else
        {
            var resetToken = await users.GeneratePasswordResetTokenAsync(user);
            EnsureSucceeded(await users.ResetPasswordAsync(user, resetToken, password), $"set the password of {account.Email}");
        }

        if (!await users.IsInRoleAsync(user, account.Role))
        {
            EnsureSucceeded(await users.AddToRoleAsync(user, account.Role), $"grant {account.Role} to {account.Email}");
        }

        if (generated)
        {
            logger.LogWarning(
                "Development account {Email} ({Role}) has the generated password {Password}; set {Section}:N:Password to choose one",
                account.Email, account.Role, password, Section);
        }
    }

    private static void EnsureSucceeded(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not {action}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }
}
