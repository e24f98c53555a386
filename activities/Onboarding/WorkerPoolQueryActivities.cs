using HelperPlatform.Workflows.Onboarding;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Onboarding;

/// <summary>Answers other contexts' questions about the worker pool, so that no other context reads this schema.</summary>
public sealed class WorkerPoolQueryActivities(OnboardingDbContext db)
{
    [Activity(WorkerPoolQueryNames.FindQualified)]
    public async Task<IReadOnlyList<PoolWorker>> FindQualifiedAsync(QualifiedWorkersQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Cities are stored as candidates typed them (trimmed); "berlin" and "Berlin" are the same city.
        var city = query.City.Trim();
        return await db.WorkerPool.AsNoTracking()
            .Where(member => member.Active && EF.Functions.ILike(member.City, EscapeLike(city)) && member.Skills.Contains(query.Skill))
            .OrderBy(member => member.AccountId)
            .Select(member => new PoolWorker(member.AccountId.ToString(), member.Latitude, member.Longitude, member.Rating))
            .ToListAsync(ActivityExecutionContext.Current.CancellationToken);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
