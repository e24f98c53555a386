namespace HelperPlatform.Workflows.Onboarding;

/// <summary>Names of the activities the Onboarding worker serves, shared by the workflow and the activity classes.</summary>
public static class OnboardingActivityNames
{
    public const string SendConfirmationLink = "SendConfirmationLink";
    public const string ConfirmApplication = "ConfirmApplication";
    public const string ExpireApplication = "ExpireApplication";
    public const string AssignTestSets = "AssignTestSets";
    public const string RecordTestSetProgress = "RecordTestSetProgress";
    public const string AddToWorkerPool = "AddToWorkerPool";
    public const string RejectApplication = "RejectApplication";
}

/// <param name="TokenId">Made in the workflow: a retried send finds the token issued and does not issue another.</param>
public sealed record ConfirmationLinkRequest(Guid ApplicationId, Guid TokenId, string Email, string DisplayName, DateTime ExpiresAt);

public sealed record ConfirmApplicationRequest(Guid ApplicationId, string TokenHash, string Email, string DisplayName);

/// <param name="DefinitionJson">The pinned version's tree: the candidate's view of the tests is read from it, without the keys.</param>
public sealed record TestSetAssignment(
    string Skill, string TestSetCode, int Version, string Name, string DefinitionJson, string? CurrentStepId, DateTime AssignedAt, DateTime Deadline);

public sealed record AssignTestSetsRequest(Guid ApplicationId, IReadOnlyList<TestSetAssignment> Assignments, IReadOnlyList<string> SkillsWithoutTestSet);

/// <summary>Where a set stands after attempts, grades or its deadline: what the candidate and managers read.</summary>
public sealed record TestSetProgressRecord(
    Guid ApplicationId, string Skill, TestSetStatus Status, string? CurrentStepId, int AttemptsUsed, string? Reason, DateTime At);

public sealed record WorkerPoolEntry(Guid ApplicationId, Guid AccountId, string DisplayName, string City, IReadOnlyList<string> Skills, DateTime AddedAt);

public sealed record RejectionRecord(Guid ApplicationId, string Reason, DateTime RejectedAt);
