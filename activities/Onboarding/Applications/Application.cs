using HelperPlatform.Workflows.Onboarding;

namespace HelperPlatform.Activities.Onboarding.Applications;

/// <summary>
/// A candidate's application: what they sent, and where its onboarding stands for lists and ownership checks.
/// An expired application keeps its row (for the lists) without the personal data, and frees the email.
/// </summary>
public sealed class Application
{
    public Guid Id { get; set; }

    /// <summary>Lower-cased and trimmed; unique, so one email never has two applications. Null once expired.</summary>
    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>E.164, e.g. <c>+4915112345678</c>.</summary>
    public string? Phone { get; set; }

    public required string City { get; set; }

    public List<string> Skills { get; set; } = [];

    public ApplicationStatus Status { get; set; }

    /// <summary>The candidate's account, from the confirmation on.</summary>
    public Guid? AccountId { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What its onboarding workflow starts with: a new run, or one resumed from where a lost run stood.</summary>
    public OnboardingInput WorkflowInput(TimeSpan confirmationWindow, OnboardingResumption? resumption = null) =>
        new(Id, Email!, DisplayName!, City, Skills, confirmationWindow, resumption);
}

/// <summary>The single-use confirmation token of an application, stored only as its SHA-256.</summary>
public sealed class ConfirmationToken
{
    /// <summary>Made in the workflow, so a retried send finds the token it issued.</summary>
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set by the confirming request (where the password is hashed), cleared by account creation.</summary>
    public string? PasswordHash { get; set; }
}

/// <summary>The pinned test set version an application takes for one skill, and how it ended.</summary>
public sealed class TestSetAssignmentRow
{
    public Guid ApplicationId { get; set; }

    public required string Skill { get; set; }

    public required string TestSetCode { get; set; }

    public int Version { get; set; }

    public required string TestSetName { get; set; }

    /// <summary>The pinned version's tree (with the answer keys: never sent to a candidate as is).</summary>
    public required string DefinitionJson { get; set; }

    public TestSetStatus Status { get; set; }

    /// <summary>The test waiting for the candidate or a grade; null once the set is decided.</summary>
    public string? CurrentStepId { get; set; }

    public int AttemptsUsed { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset AssignedAt { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
}
