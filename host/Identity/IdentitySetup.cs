using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace HelperPlatform.Host.Identity;

public static class IdentitySetup
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// ASP.NET Core Identity on PostgreSQL with bearer tokens. Every endpoint must say who may call it; the
    /// fallback policy makes one that forgets closed (authenticated only) rather than open.
    /// </summary>
    public static IServiceCollection AddPlatformIdentity(this IServiceCollection services, string connectionString)
    {
        services.AddIdentityStore(connectionString);
        services.AddIdentityCore<PlatformUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition, as NIST SP 800-63B advises: long passphrases, no forced symbols.
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<IdentityStoreDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.BearerScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, options => options.BearerTokenExpiration = AccessTokenLifetime);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RoleRequirementAnswers>();
        // Tokens are protected with this key ring; keeping it in PostgreSQL lets every service validate them.
        services.AddDataProtection()
            .SetApplicationName("HelperPlatform")
            .PersistKeysToDbContext<IdentityStoreDbContext>();
        services.AddScoped<DevelopmentAccountsSeeder>();
        services.AddSingleton(provider => DevelopmentPasswordFile.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SignInSheet>();
        return services;
    }

    /// <summary>Restricts an endpoint to the given roles; the role matrix test reads this requirement.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireRole(roles));
}
