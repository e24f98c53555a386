using HelperPlatform.Workflows.Onboarding;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Onboarding.WorkerPool;

/// <summary>Answers other contexts' questions about the worker pool, so that no other context reads this schema.</summary>
public sealed class WorkerPoolQueryActivities(OnboardingDbContext db) : IWorkerPoolQueryActivities
{
    [Activity]
    public async Task<IReadOnlyList<PoolWorker>> FindQualifiedWorkersAsync(QualifiedWorkersQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await db.WorkerPool.AsNoTracking()
            .InCity(query.City)
            .Where(member => member.Active && member.Skills.Contains(query.Skill))
            .OrderBy(member => member.AccountId)
            .Select(member => new PoolWorker(member.AccountId.ToString(), member.Latitude, member.Longitude, member.Rating))
            .ToListAsync(ActivityExecutionContext.Current.CancellationToken);
    }
}
