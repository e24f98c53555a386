using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// Puts accounts into the worker pool as a passed onboarding leaves them, without taking the tests: for the demo
/// (<c>--demo</c>) and the orders benchmark, which measure or show what comes after onboarding.
/// </summary>
public sealed class WorkerPoolSeeding(OnboardingDbContext db)
{
    /// <summary>Adds the members whose account is not in the pool yet, so seeding twice adds nobody twice.</summary>
    /// <returns>How many it added.</returns>
    public async Task<int> AddMissingAsync(IReadOnlyList<WorkerPoolMember> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var accounts = members.Select(member => member.AccountId).ToList();
        var present = await db.WorkerPool.AsNoTracking().Where(member => accounts.Contains(member.AccountId)).Select(member => member.AccountId).ToListAsync(cancellationToken);
        var missing = members.Where(member => !present.Contains(member.AccountId)).ToList();
        db.WorkerPool.AddRange(missing);
        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }
}
