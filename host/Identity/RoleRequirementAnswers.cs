using System.Security.Claims;
using HelperPlatform.Activities.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace HelperPlatform.Host.Identity;

/// <summary>
/// Answers a refused request with a ProblemDetails that names the roles the endpoint needs (<c>requiredRoles</c>):
/// 401 with the bearer challenge when no valid token came, 403 when the token lacks the role. A token carries the
/// roles its account had at sign-in, so when the account has been given a needed role since (a candidate who
/// became a worker), the 403 says to sign in again; the account is read only on that refused path.
/// </summary>
public sealed class RoleRequirementAnswers(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!authorizeResult.Challenged && !authorizeResult.Forbidden)
        {
            await standard.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var required = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(requirement => requirement.AllowedRoles).Distinct().ToList();
        var needs = required.Count == 0 ? "a signed-in account" : $"the role {string.Join(" or ", required)}";
        ProblemDetails problem;
        if (authorizeResult.Challenged)
        {
            // The scheme's challenge sets 401 and WWW-Authenticate; the body says what to send.
            await context.ChallengeAsync();
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Sign-in required",
                Detail = $"This endpoint needs {needs}: sign in with POST /api/auth/login and send the token as 'Authorization: Bearer <accessToken>'. A token lasts {IdentitySetup.AccessTokenLifetime.TotalMinutes:0} minutes.",
            };
        }
        else
        {
            await context.ForbidAsync();
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Role required",
                Detail = await ForbiddenDetailAsync(context, needs, required),
            };
        }

        problem.Extensions["requiredRoles"] = required;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static async Task<string> ForbiddenDetailAsync(HttpContext context, string needs, IReadOnlyList<string> required)
    {
        var tokenRoles = context.User.FindAll(ClaimTypes.Role).Select(claim => claim.Value).ToList();
        var users = context.RequestServices.GetRequiredService<UserManager<PlatformUser>>();
        var account = await users.GetUserAsync(context.User);
        var accountRoles = account is null ? [] : await users.GetRolesAsync(account);
        var gained = accountRoles.Where(required.Contains).Except(tokenRoles, StringComparer.Ordinal).ToList();
        return gained.Count > 0
            ? $"This endpoint needs {needs}. Your account has the role {string.Join(" and ", gained)} now, but this token was issued before it got it: log in again (POST /api/auth/login) to use your new role."
            : tokenRoles.Count == 0
                ? $"This endpoint needs {needs}; your token has no role."
                : $"This endpoint needs {needs}; your token has the role {string.Join(" and ", tokenRoles)}.";
    }
}
