using HelperPlatform.Workflows.Onboarding;

namespace HelperPlatform.Host.Onboarding;

public sealed record ApplicationRequest(string? Name, string? Email, string? Phone, List<string?>? Skills, string? City);

/// <summary>The same answer for a fresh application and for an email that already has one.</summary>
public sealed record ApplicationAccepted(string Next);

public sealed record ConfirmApplicationRequest(string? Token, string? Password);

public sealed record ApplicationConfirmed(string Next);

public sealed record AnswerRequest(string? QuestionId, List<string?>? ChoiceIds);

/// <param name="AttemptId">Optional, the app's id for this attempt: sent again (a retry), it gets the first answer.</param>
public sealed record AttemptRequest(string? Skill, string? StepId, List<AnswerRequest?>? Answers, Guid? AttemptId = null);

/// <param name="AttemptId">Optional, the app's id for this grade: sent again (a retry), it gets the first answer.</param>
public sealed record GradeRequest(string? Skill, string? StepId, int? Score, Guid? AttemptId = null);

/// <summary>The candidate's own application with the test to take in each set (no answer keys).</summary>
public sealed record CandidateApplicationResponse(
    Guid Id, ApplicationStatus Status, IReadOnlyList<string> Skills, string City, string? Reason, IReadOnlyList<TestSetProgress> TestSets);

public sealed record ApplicationSummary(
    Guid Id,
    ApplicationStatus Status,
    string? Name,
    string? Email,
    string City,
    IReadOnlyList<string> Skills,
    string? Reason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);

/// <summary>What a manager sees of one application, including the pinned test set version of each skill.</summary>
public sealed record ApplicationDetail(ApplicationSummary Application, string? Phone, Guid? AccountId, IReadOnlyList<AssignmentView> TestSets);

public sealed record AssignmentView(
    string Skill,
    string TestSetCode,
    int Version,
    string Name,
    TestSetStatus Status,
    string? Reason,
    DateTimeOffset AssignedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? DecidedAt);

public sealed record TimelineEntry(DateTimeOffset OccurredAt, string Type, string Actor, string? Data);

/// <param name="Active">Whether the worker takes offers now; required.</param>
/// <param name="Latitude">Where the worker is, with <paramref name="Longitude"/>; both or neither (neither keeps the last position).</param>
public sealed record AvailabilityRequest(bool? Active, double? Latitude, double? Longitude);

/// <summary>A worker's pool entry: what matching knows of them.</summary>
/// <param name="PositionReportedAt">When the worker last said where they are; null while they never did.</param>
/// <param name="Rating">0–5, null while the worker is unrated.</param>
public sealed record PoolWorkerResponse(
    Guid AccountId,
    string Name,
    string City,
    IReadOnlyList<string> Skills,
    bool Active,
    double? Latitude,
    double? Longitude,
    DateTimeOffset? PositionReportedAt,
    decimal? Rating,
    DateTimeOffset AddedAt);
