using System.Text.Json;
using System.Text.Json.Serialization;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>Where an application stands; the API writes it in camelCase (<c>awaitingConfirmation</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ApplicationStatus>))]
public enum ApplicationStatus
{
    AwaitingConfirmation,
    Testing,
    Worker,
    Rejected,
    Expired,
}

/// <summary>Where one assigned test set stands.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<TestSetStatus>))]
public enum TestSetStatus
{
    InProgress,
    Passed,
    Failed,
}

/// <summary>Enums travel as camelCase names, in workflow payloads and in HTTP answers alike.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;

/// <summary>Why an onboarding workflow refuses an update; the API turns each into its HTTP answer.</summary>
public static class OnboardingRefusals
{
    /// <summary>The request is well formed but the application is not where it could apply.</summary>
    public const string NotOpen = "NotOpen";

    /// <summary>The submission itself is wrong (unknown step, question, choice or score).</summary>
    public const string InvalidSubmission = "InvalidSubmission";

    /// <summary>The submission's attempt id was used before for another submission.</summary>
    public const string ReusedAttemptId = "ReusedAttemptId";
}

/// <summary>
/// What the onboarding workflow needs to run an application. The phone number stays in PostgreSQL: the
/// workflow never needs it, so it never enters the workflow history.
/// </summary>
/// <param name="Resumption">Set when the reconciliation starts the run again after Temporal lost it: where it stood.</param>
public sealed record OnboardingInput(
    Guid ApplicationId,
    string Email,
    string DisplayName,
    string City,
    IReadOnlyList<string> Skills,
    TimeSpan ConfirmationWindow,
    OnboardingResumption? Resumption = null);

/// <summary>
/// Where a confirmed application stood when Temporal lost its workflow, read from its row, its pinned sets and its
/// journal: the resumed run goes on from here, with nothing scored twice and the deadlines it had.
/// </summary>
/// <param name="TestSets">The sets pinned at the time; null when the run was lost before pinning any (the resumed run pins them).</param>
/// <param name="Reason">What became of the lost run (<c>workflow not found</c>, <c>workflow terminated</c>), for the journal.</param>
public sealed record OnboardingResumption(
    Guid AccountId, IReadOnlyList<ResumedTestSet>? TestSets, IReadOnlyList<string> SkillsWithoutTestSet, string Reason);

/// <param name="Deadline">The deadline pinned with the set, counted from when its tests began.</param>
/// <param name="Attempts">The journal's attempts and grades at the set, in the order they were scored.</param>
/// <param name="Decided">The journal holds the set's decision (<c>SkillGranted</c> or <c>TestSetFailed</c>).</param>
public sealed record ResumedTestSet(
    string Skill, PublishedTestSet Pinned, DateTimeOffset Deadline, IReadOnlyList<JournalledAttempt> Attempts, bool Decided);

/// <param name="Actor">Who submitted it, as the journal names them (<c>candidate/…</c>, <c>manager/…</c>).</param>
public sealed record JournalledAttempt(string Actor, TestTakenFacts Facts);

/// <summary>
/// The journal's record of one scored attempt or grade (the <c>TestTaken</c> event, with its actor): enough to score
/// it again the same way and to answer a retry under its id as the first time.
/// </summary>
/// <param name="Answers">A quiz attempt's answers; null for a manager's grade.</param>
public sealed record TestTakenFacts(
    string Skill,
    string TestSet,
    int Version,
    string Step,
    int Attempt,
    int Score,
    int PassScore,
    Guid? AttemptId,
    IReadOnlyList<QuestionAnswer>? Answers);

public sealed record OnboardingOutcome(ApplicationStatus Status, IReadOnlyList<string> GrantedSkills, string? Reason);

/// <param name="TokenHash">The SHA-256 of the token from the link; the raw token never reaches Temporal.</param>
public sealed record ConfirmationRequest(string TokenHash);

public sealed record ConfirmationResult(Guid AccountId);

public sealed record QuestionAnswer(string QuestionId, IReadOnlyList<string> ChoiceIds);

/// <param name="Actor">Who submits, as the journal names it (<c>candidate/…</c>).</param>
/// <param name="AttemptId">The app's id for this attempt, if it sent one: the same id again gets the first answer.</param>
public sealed record AttemptSubmission(string Actor, string Skill, string StepId, IReadOnlyList<QuestionAnswer> Answers, Guid? AttemptId = null);

/// <param name="Actor">The grading manager, as the journal names it (<c>manager/…</c>).</param>
/// <param name="AttemptId">The app's id for this grade, if it sent one: the same id again gets the first answer.</param>
public sealed record GradeSubmission(string Actor, string Skill, string StepId, int Score, Guid? AttemptId = null);

/// <summary>The scored attempt, answered synchronously to the candidate (or the grading manager).</summary>
public sealed record AttemptResult(
    string Skill,
    string StepId,
    int Attempt,
    int Score,
    int PassScore,
    bool Passed,
    int AttemptsLeft,
    TestSetStatus SetStatus,
    CandidateTest? NextTest);

/// <summary>What the candidate sees of one assigned set: its current test, never an answer key.</summary>
public sealed record TestSetProgress(
    string Skill,
    string TestSetCode,
    int Version,
    string Name,
    TestSetStatus Status,
    DateTimeOffset Deadline,
    string? FailureReason,
    CandidateTest? CurrentTest);

/// <summary>A test as the candidate may see it: questions and choices without the correct choices.</summary>
public sealed record CandidateTest(
    string StepId,
    string Type,
    string Name,
    int PassScore,
    int AttemptsUsed,
    int AttemptsAllowed,
    IReadOnlyList<CandidateQuestion>? Questions,
    string? Instructions,
    int? MaxScore);

public sealed record CandidateQuestion(string Id, string Text, int Points, IReadOnlyList<CandidateChoice> Choices);

public sealed record CandidateChoice(string Id, string Text);
