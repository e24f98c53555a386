using Temporalio.Activities;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>An application's side effects, on the Onboarding queue; each is idempotent.</summary>
public interface IApplicationActivities
{
    /// <summary>Issues the confirmation token and sends the link; answers the token's hash (the raw token never enters the history).</summary>
    [Activity]
    Task<string> SendConfirmationLinkAsync(ConfirmationLinkRequest request);

    /// <summary>Creates (or extends) the candidate's account and spends the token; answers the account id.</summary>
    [Activity]
    Task<Guid> ConfirmApplicationAsync(ConfirmApplicationRequest request);

    /// <summary>Cleans up an application nobody confirmed.</summary>
    [Activity]
    Task ExpireApplicationAsync(Guid applicationId);

    /// <summary>Stores the test set versions pinned for the application's skills; the application is then testing.</summary>
    [Activity]
    Task AssignTestSetsAsync(AssignTestSetsRequest request);

    /// <summary>Stores where a set stands after attempts, grades or its deadline.</summary>
    [Activity]
    Task RecordTestSetProgressAsync(TestSetProgressRecord progress);

    /// <summary>Marks the application rejected, with the reason.</summary>
    [Activity]
    Task RejectApplicationAsync(RejectionRecord rejection);
}

/// <summary>The end of a successful onboarding, on the Onboarding queue.</summary>
public interface IWorkerPoolActivities
{
    /// <summary>Grants the worker role and adds the worker to the pool with the skills they passed.</summary>
    [Activity]
    Task AddToWorkerPoolAsync(WorkerPoolEntry entry);
}

/// <param name="TokenId">Made in the workflow: a retried send finds the token issued and does not issue another.</param>
public sealed record ConfirmationLinkRequest(Guid ApplicationId, Guid TokenId, string Email, string DisplayName, DateTimeOffset ExpiresAt);

public sealed record ConfirmApplicationRequest(Guid ApplicationId, string TokenHash, string Email, string DisplayName);

/// <param name="DefinitionJson">The pinned version's tree: the candidate's view of the tests is read from it, without the keys.</param>
public sealed record TestSetAssignment(
    string Skill, string TestSetCode, int Version, string Name, string DefinitionJson, string? CurrentStepId, DateTimeOffset AssignedAt, DateTimeOffset Deadline);

public sealed record AssignTestSetsRequest(Guid ApplicationId, IReadOnlyList<TestSetAssignment> Assignments, IReadOnlyList<string> SkillsWithoutTestSet);

/// <summary>Where a set stands after attempts, grades or its deadline: what the candidate and managers read.</summary>
public sealed record TestSetProgressRecord(
    Guid ApplicationId, string Skill, TestSetStatus Status, string? CurrentStepId, int AttemptsUsed, string? Reason, DateTimeOffset At);

public sealed record WorkerPoolEntry(Guid ApplicationId, Guid AccountId, string DisplayName, string City, IReadOnlyList<string> Skills, DateTimeOffset AddedAt);

public sealed record RejectionRecord(Guid ApplicationId, string Reason, DateTimeOffset RejectedAt);
