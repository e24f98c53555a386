using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// The two anonymous steps of onboarding: applying (cheap: validate, store, start the workflow) and confirming
/// (the one place a password is hashed, behind a valid single-use token).
/// </summary>
public static class ApplicationEndpoints
{
    /// <summary>An application is a few short fields; anything bigger is not one.</summary>
    public const int MaxBodyBytes = 4096;
    private const int MaxPasswordLength = 128;

    private const string InvalidLink = "The confirmation link is invalid, used or expired.";

    private static readonly ApplicationConfirmed Confirmed = new("Your account is ready: sign in with POST /api/auth/login using your email and this password.");

    /// <summary>Identity's password validators only look at the password; the account does not exist yet.</summary>
    private static readonly PlatformUser PasswordPolicySubject = new() { DisplayName = "candidate" };

    public static IEndpointRouteBuilder MapApplicationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var applications = endpoints.MapGroup("/api/applications").WithTags("Onboarding");
        applications.MapPost("/", ApplyAsync)
            .AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Apply to become a worker (anyone): a confirmation link goes to the email.")
            .WithRequestExample(() => new JsonObject
            {
                ["name"] = "Cara Candidate", ["email"] = "cara@example.com", ["phone"] = "+4915112345678", ["skills"] = new JsonArray("cookie-delivery"), ["city"] = "Berlin",
            });
        applications.MapPost("/confirm", ConfirmAsync)
            .AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Confirm an application with the token from the link and choose a password (anyone holding a link).")
            .WithRequestExample(() => new JsonObject { ["token"] = "the token from the confirmation link", ["password"] = "candidate-password-1" });
        return endpoints;
    }

    private static async Task<Results<Accepted<ApplicationAccepted>, ValidationProblem>> ApplyAsync(
        ApplicationRequest request,
        PublishedSkills skills,
        OnboardingDbContext db,
        OnboardingWorkflows workflows,
        IOptions<OnboardingSettings> settings,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        await skills.CatchUpAsync(cancellationToken);
        var errors = ApplicationValidation.Validate(request, skills.Current);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var application = new Application
        {
            Id = Guid.CreateVersion7(now),
            Email = ApplicationValidation.NormalizeEmail(request.Email!),
            DisplayName = request.Name!.Trim(),
            Phone = request.Phone,
            City = request.City!.Trim(),
            Skills = [.. request.Skills!.Select(skill => skill!)],
            Status = ApplicationStatus.AwaitingConfirmation,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        db.Applications.Add(application);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The email has an application: make sure its workflow runs (a crash may have come between the
            // insert and the start) and answer exactly as for a new one, so the caller learns nothing.
            db.ChangeTracker.Clear();
            application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(existing => existing.Email == application.Email, cancellationToken);
        }

        // Only a run that awaits its confirmation starts afresh; a confirmed one lost by Temporal is the reconciliation's to resume.
        if (application is { Status: ApplicationStatus.AwaitingConfirmation, AccountId: null })
        {
            await workflows.EnsureStartedAsync(application, cancellationToken);
        }

        return TypedResults.Accepted((string?)null, new ApplicationAccepted(
            $"Thank you. A confirmation link is on its way to this email address; it is valid for {settings.Value.ConfirmationWindow.TotalHours:0} hours. " +
            "Follow it to choose your password; then sign in to see your tests."));
    }

    private static async Task<Results<Ok<ApplicationConfirmed>, ValidationProblem>> ConfirmAsync(
        ConfirmApplicationRequest request,
        UserManager<PlatformUser> users,
        IPasswordHasher<PlatformUser> passwordHasher,
        OnboardingDbContext db,
        OnboardingWorkflows workflows,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = await ValidateConfirmationAsync(request, users);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var tokenHash = ConfirmationTokens.Hash(request.Token!);
        var token = await db.ConfirmationTokens.AsNoTracking().SingleOrDefaultAsync(token => token.TokenHash == tokenHash, cancellationToken);
        if (token is null)
        {
            return new ValidationErrors().Add("token", InvalidLink).ToProblem();
        }

        var confirmedAccount = await db.Applications.AsNoTracking()
            .Where(application => application.Id == token.ApplicationId).Select(application => application.AccountId).SingleOrDefaultAsync(cancellationToken);
        if (confirmedAccount is { } accountId)
        {
            // Used already: a repeat with the password the account was made with (a client that lost the first answer,
            // within the link's validity) gets the first answer; any other password, the used link's refusal.
            return token.ExpiresAt > time.GetUtcNow()
                && await users.FindByIdAsync(accountId.ToString()) is { } account
                && await users.CheckPasswordAsync(account, request.Password!)
                ? TypedResults.Ok(Confirmed)
                : new ValidationErrors().Add("token", InvalidLink).ToProblem();
        }

        // The hash waits beside the token for the workflow's account activity: neither the password nor its hash
        // ever enters the workflow history.
        var passwordHash = passwordHasher.HashPassword(PasswordPolicySubject, request.Password!);
        await db.ConfirmationTokens.Where(stored => stored.Id == token.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(stored => stored.PasswordHash, passwordHash), cancellationToken);
        var workflow = await workflows.HandleAsync(token.ApplicationId, cancellationToken);
        var confirmed = await WorkflowUpdates.TryAsync(() => workflow.ExecuteUpdateAsync(
            onboarding => onboarding.ConfirmAsync(new ConfirmationRequest(tokenHash)),
            new() { Rpc = new() { CancellationToken = cancellationToken } }));
        return confirmed.Succeeded
            ? TypedResults.Ok(Confirmed)
            : new ValidationErrors().Add("token", InvalidLink).ToProblem();
    }

    private static async Task<ValidationErrors> ValidateConfirmationAsync(ConfirmApplicationRequest request, UserManager<PlatformUser> users)
    {
        var errors = new ValidationErrors().Required("password", request.Password, MaxPasswordLength);
        if (!ConfirmationTokens.IsWellFormed(request.Token))
        {
            errors.Add("token", InvalidLink);
        }

        if (!string.IsNullOrWhiteSpace(request.Password) && request.Password.Length <= MaxPasswordLength)
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, PasswordPolicySubject, request.Password);
                foreach (var error in result.Errors)
                {
                    errors.Add("password", error.Description);
                }
            }
        }

        return errors;
    }
}
