using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Notifications;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Onboarding.Applications;

/// <summary>The application's side effects in the onboarding schema (and the candidate's account); each is idempotent.</summary>
public sealed class ApplicationActivities(
    OnboardingDbContext db, UserManager<PlatformUser> users, IOptions<OnboardingSettings> settings, TimeProvider time) : IApplicationActivities
{
    private static CancellationToken Cancellation => ActivityExecutionContext.Current.CancellationToken;

    /// <summary>
    /// Issues the token and records the message carrying the link in one transaction, so the raw token exists
    /// only in that message and never in the workflow history; the workflow gets the hash.
    /// </summary>
    [Activity]
    public async Task<string> SendConfirmationLinkAsync(ConfirmationLinkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await IssuedHashAsync(request.TokenId) is { } issued)
        {
            return issued;
        }

        var (token, hash) = ConfirmationTokens.Create();
        db.ConfirmationTokens.Add(new ConfirmationToken { Id = request.TokenId, ApplicationId = request.ApplicationId, TokenHash = hash, ExpiresAt = request.ExpiresAt });
        var link = new UriBuilder(settings.Value.ConfirmationPage) { Query = $"token={token}" }.Uri;
        NotificationJournal.Add(
            db,
            new Notification(
                request.TokenId,
                request.Email,
                "Confirm your application",
                $"Hello {request.DisplayName}, confirm your application and choose your password: {link} (valid until {request.ExpiresAt:yyyy-MM-dd HH:mm} UTC, once).",
                OnboardingEvents.StreamId(request.ApplicationId)),
            time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(Cancellation);
            return hash;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // A concurrent attempt of this activity issued the token first; its link is the one that went out.
            db.ChangeTracker.Clear();
            return await IssuedHashAsync(request.TokenId) ?? throw new InvalidOperationException("The confirmation token vanished.", e);
        }
    }

    /// <summary>
    /// Creates the candidate account with the password hash the confirming request stored beside the token (an
    /// account that already has the email, e.g. a client's, gets the candidate role instead), then spends the token.
    /// </summary>
    [Activity]
    public async Task<Guid> ConfirmApplicationAsync(ConfirmApplicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await db.Applications.SingleAsync(application => application.Id == request.ApplicationId, Cancellation);
        if (application.AccountId is { } confirmedBefore)
        {
            return confirmedBefore;
        }

        var token = await db.ConfirmationTokens.SingleOrDefaultAsync(
            token => token.ApplicationId == request.ApplicationId && token.TokenHash == request.TokenHash, Cancellation);
        if (token?.PasswordHash is not { } passwordHash)
        {
            throw new ApplicationFailureException("No password was stored for this confirmation.", "NoPassword", nonRetryable: true);
        }

        var account = await users.FindByEmailAsync(request.Email) ?? await CreateAccountAsync(request, passwordHash);
        if (!await users.IsInRoleAsync(account, PlatformRoles.Candidate))
        {
            Ensure(await users.AddToRoleAsync(account, PlatformRoles.Candidate), "grant the candidate role");
        }

        application.AccountId = account.Id;
        application.UpdatedAt = time.GetUtcNow();
        // The password hash goes; the token stays until it expires, so a repeated confirmation is recognised (and answered as this one).
        foreach (var used in await db.ConfirmationTokens.Where(token => token.ApplicationId == request.ApplicationId).ToListAsync(Cancellation))
        {
            used.PasswordHash = null;
        }

        await db.SaveChangesAsync(Cancellation);
        return account.Id;
    }

    /// <summary>Cleans up an application nobody confirmed: the token goes, the personal data goes, the email is free again.</summary>
    [Activity]
    public async Task ExpireApplicationAsync(Guid applicationId)
    {
        await db.ConfirmationTokens.Where(token => token.ApplicationId == applicationId).ExecuteDeleteAsync(Cancellation);
        await db.Applications.Where(application => application.Id == applicationId).ExecuteUpdateAsync(
            setters => setters
                .SetProperty(application => application.Email, (string?)null)
                .SetProperty(application => application.DisplayName, (string?)null)
                .SetProperty(application => application.Phone, (string?)null)
                .SetProperty(application => application.Status, ApplicationStatus.Expired)
                .SetProperty(application => application.Reason, "The confirmation link was not used in time.")
                .SetProperty(application => application.UpdatedAt, time.GetUtcNow()),
            Cancellation);
    }

    [Activity]
    public async Task AssignTestSetsAsync(AssignTestSetsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await db.TestSetAssignments.Where(assignment => assignment.ApplicationId == request.ApplicationId)
            .Select(assignment => assignment.Skill).ToListAsync(Cancellation);
        db.TestSetAssignments.AddRange(request.Assignments.Where(assignment => !stored.Contains(assignment.Skill)).Select(assignment => new TestSetAssignmentRow
        {
            ApplicationId = request.ApplicationId,
            Skill = assignment.Skill,
            TestSetCode = assignment.TestSetCode,
            Version = assignment.Version,
            TestSetName = assignment.Name,
            DefinitionJson = assignment.DefinitionJson,
            Status = TestSetStatus.InProgress,
            CurrentStepId = assignment.CurrentStepId,
            AssignedAt = assignment.AssignedAt,
            Deadline = assignment.Deadline,
        }));
        var application = await db.Applications.SingleAsync(application => application.Id == request.ApplicationId, Cancellation);
        application.Status = ApplicationStatus.Testing;
        application.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(Cancellation);
    }

    [Activity]
    public Task RecordTestSetProgressAsync(TestSetProgressRecord progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        DateTimeOffset? decidedAt = progress.Status == TestSetStatus.InProgress ? null : progress.At;
        return db.TestSetAssignments
            .Where(assignment => assignment.ApplicationId == progress.ApplicationId && assignment.Skill == progress.Skill)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(assignment => assignment.Status, progress.Status)
                    .SetProperty(assignment => assignment.CurrentStepId, progress.CurrentStepId)
                    .SetProperty(assignment => assignment.AttemptsUsed, progress.AttemptsUsed)
                    .SetProperty(assignment => assignment.Reason, progress.Reason)
                    .SetProperty(assignment => assignment.DecidedAt, decidedAt),
                Cancellation);
    }

    [Activity]
    public Task RejectApplicationAsync(RejectionRecord rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return db.Applications.Where(application => application.Id == rejection.ApplicationId).ExecuteUpdateAsync(
            setters => setters
                .SetProperty(application => application.Status, ApplicationStatus.Rejected)
                .SetProperty(application => application.Reason, rejection.Reason)
                .SetProperty(application => application.UpdatedAt, rejection.RejectedAt),
            Cancellation);
    }

    private Task<string?> IssuedHashAsync(Guid tokenId) =>
        db.ConfirmationTokens.AsNoTracking().Where(token => token.Id == tokenId).Select(token => token.TokenHash).SingleOrDefaultAsync(Cancellation);

    private async Task<PlatformUser> CreateAccountAsync(ConfirmApplicationRequest request, string passwordHash)
    {
        var account = new PlatformUser
        {
            UserName = request.Email,
            Email = request.Email,
            EmailConfirmed = true,
            DisplayName = request.DisplayName,
            CreatedAt = time.GetUtcNow(),
            PasswordHash = passwordHash,
        };
        Ensure(await users.CreateAsync(account), "create the candidate account");
        return account;
    }

    internal static void Ensure(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {action}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }
}
