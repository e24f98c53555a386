using System.Collections.Frozen;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// The skills candidates may apply for: those with a published test set, as the Management context says. Kept
/// in memory and refreshed in the background, so the public endpoint checks skills without any database or
/// Temporal work per request (a flood of bad skills costs nothing).
/// </summary>
public sealed class PublishedSkills(TemporalClientProvider temporal)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(1);
    private FrozenSet<string> skills = FrozenSet<string>.Empty;

    public IReadOnlySet<string> Current => Volatile.Read(ref skills);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var client = await temporal.GetClientAsync(cancellationToken);
        var published = await client.ExecuteWorkflowAsync(
            (PublishedSkillsWorkflow workflow) => workflow.RunAsync(),
            new WorkflowOptions($"onboarding-published-skills-{Guid.NewGuid():N}", BoundedContext.Onboarding.TaskQueue())
            {
                // Without a Management worker nobody answers; the server ends the ask instead of keeping it forever.
                ExecutionTimeout = AskTimeout,
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            });
        Volatile.Write(ref skills, published.ToFrozenSet(StringComparer.Ordinal));
    }
}

/// <summary>Refreshes <see cref="PublishedSkills"/> every <c>Onboarding:PublishedSkillsRefresh</c>.</summary>
public sealed class PublishedSkillsRefresher(
    PublishedSkills skills, IOptions<OnboardingSettings> settings, ILogger<PublishedSkillsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await skills.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not refresh the skills with a published test set ({Error}); keeping {Count} known skills", e.Message, skills.Current.Count);
            }

            await Task.Delay(settings.Value.PublishedSkillsRefresh, stoppingToken);
        }
    }
}
