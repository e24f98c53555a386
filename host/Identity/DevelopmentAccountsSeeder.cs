using HelperPlatform.Activities.Identity;
using Microsoft.AspNetCore.Identity;

namespace HelperPlatform.Host.Identity;

/// <summary>One entry of the <c>DevelopmentAccounts</c> configuration section.</summary>
public sealed class DevelopmentAccount
{
    public string Email { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string? DisplayName { get; set; }

    /// <summary>From user secrets or the environment; when absent, the one kept in the <see cref="DevelopmentPasswordFile"/> (generated there once).</summary>
    public string? Password { get; set; }
}

/// <summary>
/// Creates the roles and the staff accounts a development set-up needs (manager, warehouse, ops). Accounts come
/// from configuration, never from code; a password not configured is the one this machine keeps for the account
/// (<see cref="DevelopmentPasswordFile"/>), so it survives restarts. Every account goes on the <see cref="SignInSheet"/>.
/// </summary>
public sealed class DevelopmentAccountsSeeder(
    UserManager<PlatformUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IConfiguration configuration,
    DevelopmentPasswordFile passwordFile,
    SignInSheet signInSheet,
    TimeProvider time)
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

        var kept = string.IsNullOrEmpty(account.Password);
        var password = kept ? await passwordFile.PasswordForAsync(account.Email, CancellationToken.None) : account.Password!;
        await EnsureAccountAsync(account.Email, account.DisplayName ?? account.Email, account.Role, password);
        if (kept)
        {
            signInSheet.PasswordFile = passwordFile.Path;
        }

        signInSheet.Add(account.Role, account.Email, kept ? password : null);
    }

    /// <summary>Creates the account, or sets the password of the one that has the email, and grants it the role.</summary>
    public async Task<PlatformUser> EnsureAccountAsync(string email, string displayName, string role, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PlatformUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName,
                CreatedAt = time.GetUtcNow(),
            };
            EnsureSucceeded(await users.CreateAsync(user, password), $"create {email}");
        }
        else
        {
            var resetToken = await users.GeneratePasswordResetTokenAsync(user);
            EnsureSucceeded(await users.ResetPasswordAsync(user, resetToken, password), $"set the password of {email}");
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            EnsureSucceeded(await users.AddToRoleAsync(user, role), $"grant {role} to {email}");
        }

        return user;
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
