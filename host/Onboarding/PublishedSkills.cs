using System.Collections.Frozen;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// The skills candidates may apply for: those with a published test set, as the Management context says. Kept
/// in memory and refreshed in the background, so the public endpoint checks skills without any database or
/// Temporal work per request (a flood of bad skills costs nothing). A test set published in this process is
/// heard at once: the next application waits for one refresh (<see cref="CatchUpAsync"/>); one published by
/// another process is heard at the next periodic refresh.
/// </summary>
public sealed class PublishedSkills
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How long an application waits for the refresh after a publish before it is checked against the skills known so far.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(5);

    private readonly TemporalClientProvider temporal;
    private readonly Lock gate = new();
    private FrozenSet<string> skills = FrozenSet<string>.Empty;
    private long publishesHeard;
    private long publishesRefreshed;
    private Task? catchingUp;

    public PublishedSkills(TemporalClientProvider temporal, DefinitionPublications publications)
    {
        ArgumentNullException.ThrowIfNull(publications);
        this.temporal = temporal;
        publications.Published += (kind, _) =>
        {
            if (kind == PublishedTestSet.DefinitionKind)
            {
                Interlocked.Increment(ref publishesHeard);
            }
        };
    }

    public IReadOnlySet<string> Current => Volatile.Read(ref skills);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Publishes heard before the ask are in its answer; later ones wait for the next.
        var heard = Interlocked.Read(ref publishesHeard);
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
        lock (gate)
        {
            publishesRefreshed = Math.Max(publishesRefreshed, heard);
        }
    }

    /// <summary>
    /// After a test set was published in this process, refreshes once (shared by every caller) so that its skill
    /// is known; otherwise returns at once. Gives up after <see cref="CatchUpLimit"/>, leaving the skills as they were
    /// (a Management worker that does not answer must not hold the public endpoint up).
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref publishesRefreshed) < Interlocked.Read(ref publishesHeard))
        {
            Task refresh;
            lock (gate)
            {
                if (catchingUp is null || catchingUp.IsCompleted)
                {
                    catchingUp = RefreshAsync(CancellationToken.None);
                }

                refresh = catchingUp;
            }

            try
            {
                await refresh.WaitAsync(CatchUpLimit, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Timed out or failed: the periodic refresh logs and retries; this caller goes on with what is known.
                return;
            }
        }
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
