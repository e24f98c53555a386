namespace HelperPlatform.Workflows.Onboarding;

/// <summary>Names of the activities the Onboarding worker serves, shared by the workflow and the activity classes.</summary>
public static class OnboardingActivityNames
{
    public const string SendConfirmationLink = "SendConfirmationLink";
    public const string ConfirmApplication = "ConfirmApplication";
    public const string ExpireApplication = "ExpireApplication";
    public const string AssignTestSets = "AssignTestSets";
    public const string RecordTestSetOutcome = "RecordTestSetOutcome";
    public const string AddToWorkerPool = "AddToWorkerPool";
    public const string RejectApplication = "RejectApplication";
}

/// <param name="TokenId">Made in the workflow: a retried send finds the token issued and does not issue another.</param>
public sealed record ConfirmationLinkRequest(Guid ApplicationId, Guid TokenId, string Email, string DisplayName, DateTime ExpiresAt);

public sealed record ConfirmApplicationRequest(Guid ApplicationId, string TokenHash, string Email, string DisplayName);

public sealed record TestSetAssignment(string Skill, string TestSetCode, int Version, string Name, DateTime AssignedAt, DateTime Deadline);

public sealed record AssignTestSetsRequest(Guid ApplicationId, IReadOnlyList<TestSetAssignment> Assignments, IReadOnlyList<string> SkillsWithoutTestSet);

public sealed record TestSetOutcomeRecord(Guid ApplicationId, string Skill, TestSetStatus Status, string? Reason, DateTime DecidedAt);

public sealed record WorkerPoolEntry(Guid ApplicationId, Guid AccountId, string DisplayName, string City, IReadOnlyList<string> Skills, DateTime AddedAt);

public sealed record RejectionRecord(Guid ApplicationId, string Reason, DateTime RejectedAt);
