using System.Linq.Expressions;
using System.Text.Json;
using HelperPlatform.Activities.Platform.Workflows;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Onboarding.Applications;

/// <summary>
/// Finds confirmed applications whose onboarding workflow Temporal no longer runs and starts each again from its
/// journal; <see cref="OnboardingReconciliationWorkflow"/> runs them every period.
/// </summary>
public sealed class OnboardingReconciliationActivities(OnboardingDbContext db, IOptions<OnboardingSettings> settings) : IOnboardingReconciliationActivities
{
    private static readonly string[] JournalledProgress = [OnboardingEvents.TestTaken, OnboardingEvents.SkillGranted, OnboardingEvents.TestSetFailed];

    private static CancellationToken Cancellation => ActivityExecutionContext.Current.CancellationToken;

    [Activity]
    public async Task<OnboardingReconciliationPass> FindLostOnboardingsAsync()
    {
        var context = ActivityExecutionContext.Current;
        var undecided = await db.Applications.AsNoTracking()
            .Where(Undecided())
            .OrderBy(application => application.UpdatedAt)
            .Select(application => application.Id)
            .ToListAsync(Cancellation);
        var lost = new List<LostOnboarding>();
        foreach (var applicationId in undecided)
        {
            context.Heartbeat();
            if (await LostWorkflows.WhyLostAsync(context.TemporalClient, OnboardingWorkflow.WorkflowId(applicationId)) is { } reason)
            {
                lost.Add(new LostOnboarding(applicationId, reason));
            }
        }

        return new OnboardingReconciliationPass(lost, settings.Value.ReconciliationPeriod);
    }

    /// <summary>
    /// Only a lost run is replaced: a running one refuses the start (the id's conflict policy), and a completed one
    /// too (the reuse policy allows a new run only after a terminated, failed, timed-out or cancelled one), so
    /// resuming twice, or after the workflow came back, starts nothing.
    /// </summary>
    [Activity]
    public async Task ResumeOnboardingAsync(LostOnboarding lost)
    {
        ArgumentNullException.ThrowIfNull(lost);
        var application = await db.Applications.AsNoTracking().Where(Undecided()).SingleOrDefaultAsync(application => application.Id == lost.ApplicationId, Cancellation);
        if (application is null)
        {
            // Decided since the pass looked: its workflow was not lost after all.
            return;
        }

        var input = application.WorkflowInput(settings.Value.ConfirmationWindow, await ResumptionAsync(application, lost.Reason));
        try
        {
            await ActivityExecutionContext.Current.TemporalClient.StartWorkflowAsync(
                (OnboardingWorkflow workflow) => workflow.RunAsync(input),
                new WorkflowOptions(OnboardingWorkflow.WorkflowId(application.Id), BoundedContext.Onboarding.TaskQueue())
                {
                    IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly,
                    Rpc = new RpcOptions { CancellationToken = Cancellation },
                });
        }
        catch (WorkflowAlreadyStartedException)
        {
            // Resumed by an earlier attempt of this activity, or never lost: nothing to repair.
        }
    }

    private static Expression<Func<Application, bool>> Undecided() => application =>
        application.Status == ApplicationStatus.Testing || (application.Status == ApplicationStatus.AwaitingConfirmation && application.AccountId != null);

    /// <summary>
    /// Where the application stood: its pinned sets in the order it named their skills, each with its deadline and the
    /// attempts and decision its journal holds.
    /// </summary>
    private async Task<OnboardingResumption> ResumptionAsync(Application application, string reason)
    {
        var accountId = application.AccountId!.Value;
        if (application.Status != ApplicationStatus.Testing)
        {
            // Confirmed, and lost before it pinned its sets: the resumed run pins them.
            return new OnboardingResumption(accountId, TestSets: null, SkillsWithoutTestSet: [], reason);
        }

        var assignments = await db.TestSetAssignments.AsNoTracking()
            .Where(assignment => assignment.ApplicationId == application.Id)
            .ToDictionaryAsync(assignment => assignment.Skill, Cancellation);
        var journal = await db.Events.AsNoTracking()
            .Where(recorded => recorded.StreamId == OnboardingEvents.StreamId(application.Id) && JournalledProgress.Contains(recorded.Type))
            .OrderBy(recorded => recorded.OccurredAt).ThenBy(recorded => recorded.Id)
            .Select(recorded => new { recorded.Type, recorded.Actor, recorded.DataJson })
            .ToListAsync(Cancellation);
        var attempts = journal.Where(recorded => recorded.Type == OnboardingEvents.TestTaken)
            .Select(recorded => new JournalledAttempt(recorded.Actor, JsonSerializer.Deserialize<TestTakenFacts>(recorded.DataJson!, JsonSerializerOptions.Web)!))
            .ToList();
        var decided = journal.Where(recorded => recorded.Type != OnboardingEvents.TestTaken)
            .Select(recorded => JsonSerializer.Deserialize<SetDecision>(recorded.DataJson!, JsonSerializerOptions.Web)!.Skill)
            .ToHashSet(StringComparer.Ordinal);
        var testSets = application.Skills.Where(assignments.ContainsKey).Select(skill => assignments[skill]).Select(assignment => new ResumedTestSet(
            assignment.Skill,
            new PublishedTestSet(assignment.TestSetCode, assignment.Version, assignment.TestSetName, assignment.Skill, assignment.DefinitionJson),
            assignment.Deadline,
            [.. attempts.Where(attempt => attempt.Facts.Skill == assignment.Skill)],
            decided.Contains(assignment.Skill)));
        return new OnboardingResumption(accountId, [.. testSets], [.. application.Skills.Where(skill => !assignments.ContainsKey(skill))], reason);
    }

    /// <summary>The part of a set's <c>SkillGranted</c> or <c>TestSetFailed</c> event the resumption needs.</summary>
    private sealed record SetDecision(string Skill);
}
