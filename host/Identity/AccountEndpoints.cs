using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Identity;

/// <summary>Sign-up for clients, sign-in for everyone, and staff accounts created by ops.</summary>
public static class AccountEndpoints
{
    private const int MaxEmailLength = 254;
    private const int MaxNameLength = 200;
    private const int MaxPasswordLength = 128;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/register", RegisterClientAsync)
            .AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy)
            .WithSummary("Create a client account (anyone).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(() => new JsonObject { ["email"] = "client@example.com", ["password"] = "client-password-1", ["displayName"] = "Carl Client" });
        auth.MapPost("/login", LoginAsync)
            .AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy)
            .WithSummary("Exchange email and password for a bearer token (anyone).")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithRequestExample(() => new JsonObject { ["email"] = "manager@helperplatform.local", ["password"] = "the password printed at start" });
        auth.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy)
            .WithSummary("Exchange a refresh token for a new bearer token (anyone holding one).")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithRequestExample(() => new JsonObject { ["refreshToken"] = "the refreshToken that login answered" });
        auth.MapGet("/me", GetMeAsync)
            .RequireRoles([.. PlatformRoles.All])
            .WithSummary("The signed-in account (every role).");

        endpoints.MapGroup("/api/ops").WithTags("Ops")
            .MapPost("/staff", CreateStaffAsync)
            .RequireRoles(PlatformRoles.Ops)
            .WithSummary("Create a manager, warehouse or ops account (ops).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(() => new JsonObject
            {
                ["email"] = "wendy@helperplatform.local", ["password"] = "warehouse-password-1", ["displayName"] = "Wendy Warehouse", ["role"] = PlatformRoles.Warehouse,
            });
        return endpoints;
    }

    private static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> RegisterClientAsync(
        RegisterClientRequest request, UserManager<PlatformUser> users, TimeProvider time)
    {
        var errors = ValidateNewAccount(request.Email, request.Password, request.DisplayName);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await CreateAccountAsync(users, time, request.Email!, request.Password!, request.DisplayName!, PlatformRoles.Client);
    }

    private static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateStaffAsync(
        CreateStaffRequest request, UserManager<PlatformUser> users, TimeProvider time)
    {
        var errors = ValidateNewAccount(request.Email, request.Password, request.DisplayName);
        if (request.Role is null || !PlatformRoles.Staff.Contains(request.Role))
        {
            errors.Add("role", $"'role' must be one of: {string.Join(", ", PlatformRoles.Staff)}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await CreateAccountAsync(users, time, request.Email!, request.Password!, request.DisplayName!, request.Role!);
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<PlatformUser> signIn)
    {
        var errors = new ValidationErrors()
            .Required("email", request.Email, MaxEmailLength)
            .Required("password", request.Password, MaxPasswordLength);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email!, request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem(
                "Too many failed attempts; the account is locked for a while.", statusCode: StatusCodes.Status423Locked, title: "Account locked");
        }

        // The bearer handler has written the token response on success.
        return result.Succeeded
            ? TypedResults.Empty
            : TypedResults.Problem("The email or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        SignInManager<PlatformUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider time)
    {
        var errors = new ValidationErrors().Required("refreshToken", request.RefreshToken, 4096);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        // A stale security stamp means the password or roles changed since the token was issued.
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem("The refresh token is invalid or expired.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, UserManager<PlatformUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null
            ? TypedResults.Problem("The account no longer exists.", statusCode: StatusCodes.Status401Unauthorized)
            : TypedResults.Ok(new AccountResponse(user.Id, user.Email!, user.DisplayName, [.. await users.GetRolesAsync(user)]));
    }

    private static ValidationErrors ValidateNewAccount(string? email, string? password, string? displayName)
    {
        var errors = new ValidationErrors()
            .Required("email", email, MaxEmailLength)
            .Required("password", password, MaxPasswordLength)
            .Required("displayName", displayName, MaxNameLength);
        if (!string.IsNullOrWhiteSpace(email) && !EmailAddresses.IsValid(email))
        {
            errors.Add("email", "'email' is not a valid email address.");
        }

        return errors;
    }

    private static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateAccountAsync(
        UserManager<PlatformUser> users, TimeProvider time, string email, string password, string displayName, string role)
    {
        var user = new PlatformUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            DisplayName = displayName.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return ToProblem(created);
        }

        var granted = await users.AddToRoleAsync(user, role);
        if (!granted.Succeeded)
        {
            await users.DeleteAsync(user);
            return ToProblem(granted);
        }

        return TypedResults.Created("/api/auth/me", new AccountResponse(user.Id, user.Email, user.DisplayName, [role]));
    }

    /// <summary>Identity's own errors (duplicate email, weak password) become field errors the caller can act on.</summary>
    private static Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult> ToProblem(IdentityResult result)
    {
        if (result.Errors.Any(error => error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return TypedResults.Problem("An account with this email already exists.", statusCode: StatusCodes.Status409Conflict, title: "Account exists");
        }

        var errors = new ValidationErrors();
        foreach (var error in result.Errors)
        {
            errors.Add(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
        }

        return errors.ToProblem();
    }
}
