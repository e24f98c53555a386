using Temporalio.Activities;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// What other contexts may ask of the worker pool, through an activity on the Onboarding queue: the pool's
/// schema stays Onboarding's own.
/// </summary>
public interface IWorkerPoolQueryActivities
{
    /// <summary>The active pool workers with a skill in a city.</summary>
    [Activity]
    Task<IReadOnlyList<PoolWorker>> FindQualifiedWorkersAsync(QualifiedWorkersQuery query);
}

/// <param name="City">Compared without regard to case or surrounding spaces.</param>
public sealed record QualifiedWorkersQuery(string Skill, string City);

/// <summary>A pool worker who may be offered work.</summary>
/// <param name="WorkerId">The worker's account id.</param>
/// <param name="Latitude">Where the worker last said they are; null when they never did.</param>
/// <param name="Rating">0–5, null while the worker is unrated.</param>
public sealed record PoolWorker(string WorkerId, double? Latitude, double? Longitude, decimal? Rating);
