using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Workflows.Onboarding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Onboarding.WorkerPool;

/// <summary>The end of a successful onboarding: the worker role and a row in the worker pool.</summary>
public sealed class WorkerPoolActivities(OnboardingDbContext db, UserManager<PlatformUser> users) : IWorkerPoolActivities
{
    [Activity]
    public async Task AddToWorkerPoolAsync(WorkerPoolEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var cancellation = ActivityExecutionContext.Current.CancellationToken;
        var account = await users.FindByIdAsync(entry.AccountId.ToString())
            ?? throw new InvalidOperationException($"The candidate account {entry.AccountId} does not exist.");
        if (!await users.IsInRoleAsync(account, PlatformRoles.Worker))
        {
            ApplicationActivities.Ensure(await users.AddToRoleAsync(account, PlatformRoles.Worker), "grant the worker role");
        }

        if (!await db.WorkerPool.AnyAsync(member => member.AccountId == entry.AccountId, cancellation))
        {
            db.WorkerPool.Add(new WorkerPoolMember
            {
                AccountId = entry.AccountId,
                ApplicationId = entry.ApplicationId,
                DisplayName = entry.DisplayName,
                City = entry.City,
                Skills = [.. entry.Skills],
                AddedAt = entry.AddedAt,
            });
        }

        var application = await db.Applications.SingleAsync(application => application.Id == entry.ApplicationId, cancellation);
        application.Status = ApplicationStatus.Worker;
        application.UpdatedAt = entry.AddedAt;
        await db.SaveChangesAsync(cancellation);
    }
}
