using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Onboarding.WorkerPool;

public static class WorkerPoolFilters
{
    /// <summary>
    /// Cities are stored as candidates typed them (trimmed); "berlin" and "Berlin" are the same city, and a
    /// <c>%</c> or <c>_</c> in the name is a character, not a wildcard.
    /// </summary>
    public static IQueryable<WorkerPoolMember> InCity(this IQueryable<WorkerPoolMember> pool, string city)
    {
        ArgumentNullException.ThrowIfNull(city);
        var pattern = city.Trim()
            .Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
        return pool.Where(member => EF.Functions.ILike(member.City, pattern));
    }
}
