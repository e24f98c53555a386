using System.Text.Json;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// One application from submission to the worker pool (or to rejection or expiry): the confirmation link and
/// its durable wait, the pinned test sets, attempts scored synchronously through updates, manager grades,
/// deadlines as durable timers. Every side effect is an activity; every seed event goes to the journal. A run Temporal
/// lost is started again by <see cref="OnboardingReconciliationWorkflow"/> with the state its journal holds
/// (<see cref="OnboardingInput.Resumption"/>).
/// </summary>
[Workflow]
public sealed class OnboardingWorkflow
{
    public const string SystemActor = "system";

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    private static readonly ActivityOptions OnboardingActivities = new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) };

    private static readonly ActivityOptions ManagementActivities = new()
    {
        TaskQueue = BoundedContext.Management.TaskQueue(),
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
    };

    private readonly Dictionary<string, TestSetRun> testSets = new(StringComparer.Ordinal);
    private readonly List<string> skillsWithoutTestSet = [];
    private readonly List<SeedEvent> unrecordedEvents = [];
    private readonly List<string> setsWithUnrecordedProgress = [];
    /// <summary>Attempts and grades sent with an id, by actor and id, with what was sent and answered.</summary>
    private readonly Dictionary<string, ScoredSubmission> scoredById = new(StringComparer.Ordinal);
    private ApplicationStatus status = ApplicationStatus.AwaitingConfirmation;
    private string? tokenHash;
    private bool confirmationStarted;
    private Guid? accountId;
    private DateTimeOffset lastRecordedAt = DateTimeOffset.MinValue;

    public static string WorkflowId(Guid applicationId) => $"onboarding-{applicationId:N}";

    /// <summary>
    /// A resumed run restores its state here, before any update is delivered, so an attempt arriving with the start
    /// is checked and scored against the tests as they stood.
    /// </summary>
    [WorkflowInit]
    public OnboardingWorkflow(OnboardingInput onboarding)
    {
        ArgumentNullException.ThrowIfNull(onboarding);
        Input = onboarding;
        if (onboarding.Resumption is { } resumption)
        {
            Restore(resumption);
        }
    }

    private OnboardingInput Input { get; }

    private string Candidate => $"candidate/{accountId:N}";

    [WorkflowRun]
    public async Task<OnboardingOutcome> RunAsync(OnboardingInput onboarding)
    {
        ArgumentNullException.ThrowIfNull(onboarding);
        if (onboarding.Resumption is { } resumption)
        {
            Record(OnboardingEvents.OnboardingResumed, SystemActor, new
            {
                reason = resumption.Reason,
                attempts = resumption.TestSets?.Sum(set => set.Attempts.Count) ?? 0,
            });
            await FlushAsync();
        }
        else if (!await AwaitConfirmationAsync())
        {
            return await ExpireAsync();
        }

        if (status != ApplicationStatus.Testing)
        {
            await AssignTestSetsAsync();
        }

        await RunTestSetsAsync();
        return await ConcludeAsync();
    }

    /// <summary>Sends the link and waits for the confirmation to make the account; false when the link expired unused.</summary>
    private async Task<bool> AwaitConfirmationAsync()
    {
        Record(OnboardingEvents.ApplicationSubmitted, $"applicant/{Input.ApplicationId:N}", new { skills = Input.Skills, city = Input.City });
        DateTimeOffset expiresAt = Workflow.UtcNow + Input.ConfirmationWindow;
        var link = new ConfirmationLinkRequest(Input.ApplicationId, Workflow.NewGuid(), Input.Email, Input.DisplayName, expiresAt);
        tokenHash = await Workflow.ExecuteActivityAsync((IApplicationActivities application) => application.SendConfirmationLinkAsync(link), OnboardingActivities);
        Record(OnboardingEvents.ConfirmationLinkSent, SystemActor, new { expiresAt });
        await FlushAsync();

        // The link expires when it says, however long sending and journalling took. A confirmation that began as
        // the window closed still wins: its account is being created already.
        if (expiresAt > Workflow.UtcNow)
        {
            await Workflow.WaitConditionAsync(() => confirmationStarted, expiresAt - Workflow.UtcNow);
        }

        if (!confirmationStarted)
        {
            return false;
        }

        await Workflow.WaitConditionAsync(() => accountId is not null);
        return true;
    }

    /// <summary>
    /// Rebuilds a lost run from where the journal left it: the pinned sets with their deadlines, every attempt and grade
    /// scored again in order (so the progress and the answers to retries are the first run's), the decisions taken.
    /// Nothing of it is journalled again; a deadline that passed meanwhile is decided by the loop, at once.
    /// </summary>
    private void Restore(OnboardingResumption resumption)
    {
        accountId = resumption.AccountId;
        confirmationStarted = true;
        skillsWithoutTestSet.AddRange(resumption.SkillsWithoutTestSet);
        foreach (var set in resumption.TestSets ?? [])
        {
            var run = new TestSetRun(TestSetProgram.Read(set.Pinned), set.Deadline);
            testSets[set.Skill] = run;
            foreach (var (actor, facts) in set.Attempts)
            {
                var result = Answer(set.Skill, run, run.Replay(facts.Step, facts.Score));
                if (facts.AttemptId is { } attemptId)
                {
                    var content = facts.Answers is { } answers
                        ? Content(new AttemptSubmission(actor, facts.Skill, facts.Step, answers))
                        : Content(new GradeSubmission(actor, facts.Skill, facts.Step, facts.Score));
                    scoredById[ScoredKey(actor, attemptId)] = new ScoredSubmission(content, result);
                }
            }

            if (set.Decided)
            {
                // Decided in the journal but not by its attempts: its deadline decided it.
                run.MissDeadline();
            }

            // The stored progress may lag the journal (the run was lost between the two writes).
            MarkProgress(set.Skill);
        }

        if (resumption.TestSets is not null)
        {
            status = ApplicationStatus.Testing;
        }
    }

    [WorkflowUpdateValidator(nameof(ConfirmAsync))]
    public void ValidateConfirm(ConfirmationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (confirmationStarted && request.TokenHash == tokenHash)
        {
            // A repeat while the first confirmation creates the account: it gets the first one's answer.
            return;
        }

        if (status != ApplicationStatus.AwaitingConfirmation || confirmationStarted || tokenHash is null || request.TokenHash != tokenHash)
        {
            throw new ApplicationFailureException("The confirmation link is invalid, used or expired.", OnboardingRefusals.NotOpen, nonRetryable: true);
        }
    }

    /// <summary>Creates the candidate's account from the password hash the confirming request stored beside the token.</summary>
    [WorkflowUpdate]
    public async Task<ConfirmationResult> ConfirmAsync(ConfirmationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (confirmationStarted)
        {
            await Workflow.WaitConditionAsync(() => accountId is not null || !confirmationStarted);
            return accountId is { } confirmed
                ? new ConfirmationResult(confirmed)
                : throw new ApplicationFailureException("The account could not be created; try the link again.", OnboardingRefusals.NotOpen, nonRetryable: true);
        }

        confirmationStarted = true;
        Guid account;
        try
        {
            var confirmation = new ConfirmApplicationRequest(Input.ApplicationId, request.TokenHash, Input.Email, Input.DisplayName);
            account = await Workflow.ExecuteActivityAsync((IApplicationActivities application) => application.ConfirmApplicationAsync(confirmation), OnboardingActivities);
        }
        catch (ActivityFailureException e)
        {
            // The link stays usable (until it expires) when the account could not be made.
            confirmationStarted = false;
            throw new ApplicationFailureException("The account could not be created; try the link again.", e, OnboardingRefusals.NotOpen, nonRetryable: true);
        }

        accountId = account;
        Record(OnboardingEvents.ApplicationConfirmed, Candidate, new { accountId = account });
        return new ConfirmationResult(account);
    }

    [WorkflowUpdateValidator(nameof(SubmitAttemptAsync))]
    public void ValidateSubmitAttempt(AttemptSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (AnsweredBefore(submission.Actor, submission.AttemptId, Content(submission)) is null)
        {
            CheckOpen(submission.Skill, run => run.CheckQuizSubmission(submission.StepId, submission.Answers));
        }
    }

    /// <summary>Scores a quiz attempt at once; the answer goes back in the candidate's HTTP response.</summary>
    [WorkflowUpdate]
    public Task<AttemptResult> SubmitAttemptAsync(AttemptSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return Task.FromResult(Score(submission.Actor, submission.AttemptId, Content(submission), submission.Skill, submission.Answers, run => run.SubmitQuiz(submission.Answers)));
    }

    [WorkflowUpdateValidator(nameof(GradeAsync))]
    public void ValidateGrade(GradeSubmission grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        if (AnsweredBefore(grade.Actor, grade.AttemptId, Content(grade)) is null)
        {
            CheckOpen(grade.Skill, run => run.CheckGrade(grade.StepId, grade.Score));
        }
    }

    /// <summary>A manager's grade of a practical task counts as one attempt, like a quiz submission.</summary>
    [WorkflowUpdate]
    public Task<AttemptResult> GradeAsync(GradeSubmission grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        return Task.FromResult(Score(grade.Actor, grade.AttemptId, Content(grade), grade.Skill, answers: null, run => run.Grade(grade.Score)));
    }

    private static string Content(AttemptSubmission submission) => JsonSerializer.Serialize(new { submission.Skill, submission.StepId, submission.Answers });

    private static string Content(GradeSubmission grade) => JsonSerializer.Serialize(new { grade.Skill, grade.StepId, grade.Score });

    /// <returns>The first answer to a submission sent again under its id (a retry), or null for a new submission.</returns>
    /// <exception cref="ApplicationFailureException">The id was used before for another submission.</exception>
    private AttemptResult? AnsweredBefore(string actor, Guid? attemptId, string content)
    {
        if (attemptId is not { } id || !scoredById.TryGetValue(ScoredKey(actor, id), out var scored))
        {
            return null;
        }

        return scored.Content == content
            ? scored.Result
            : throw new ApplicationFailureException(
                $"The attemptId '{attemptId}' was used for another submission; send a new attempt under a new attemptId.", OnboardingRefusals.ReusedAttemptId, nonRetryable: true);
    }

    /// <summary>Scores a submission its validator accepted, unless it is a retry of one scored before, which gets the first answer.</summary>
    /// <param name="answers">A quiz attempt's answers, journalled with it; null for a grade.</param>
    private AttemptResult Score(
        string actor, Guid? attemptId, string content, string skill, IReadOnlyList<QuestionAnswer>? answers, Func<TestSetRun, AttemptOutcome> score)
    {
        if (AnsweredBefore(actor, attemptId, content) is { } first)
        {
            return first;
        }

        var run = testSets[skill];
        var result = Conclude(skill, run, score(run), actor, attemptId, answers);
        if (attemptId is { } id)
        {
            scoredById[ScoredKey(actor, id)] = new ScoredSubmission(content, result);
        }

        return result;
    }

    private static string ScoredKey(string actor, Guid attemptId) => $"{actor} {attemptId:N}";

    private async Task<OnboardingOutcome> ExpireAsync()
    {
        status = ApplicationStatus.Expired;
        var applicationId = Input.ApplicationId;
        await Workflow.ExecuteActivityAsync((IApplicationActivities application) => application.ExpireApplicationAsync(applicationId), OnboardingActivities);
        Record(OnboardingEvents.ApplicationExpired, SystemActor, new { reason = "not confirmed in time" });
        await FlushAsync();
        return new OnboardingOutcome(status, [], "The confirmation link was not used in time.");
    }

    /// <summary>Pins the version published now for each skill; whatever is published later, this run keeps it.</summary>
    private async Task AssignTestSetsAsync()
    {
        var assignments = new List<TestSetAssignment>();
        foreach (var skill in Input.Skills)
        {
            var published = await Workflow.ExecuteActivityAsync((ITestSetActivities testSets) => testSets.FindPublishedTestSetForSkillAsync(skill), ManagementActivities);
            if (published is null)
            {
                skillsWithoutTestSet.Add(skill);
                continue;
            }

            var program = TestSetProgram.Read(published);
            var now = Workflow.UtcNow;
            var run = new TestSetRun(program, now + program.Deadline);
            testSets[skill] = run;
            assignments.Add(new TestSetAssignment(skill, program.Code, program.Version, program.Name, published.DefinitionJson, run.CurrentTest?.Id, now, run.Deadline));
            Record(OnboardingEvents.TestSetAssigned, SystemActor, new { skill, testSet = program.Code, version = program.Version, deadline = run.Deadline });
        }

        var assignment = new AssignTestSetsRequest(Input.ApplicationId, assignments, skillsWithoutTestSet);
        await Workflow.ExecuteActivityAsync((IApplicationActivities application) => application.AssignTestSetsAsync(assignment), OnboardingActivities);
        status = ApplicationStatus.Testing;
        await FlushAsync();
    }

    /// <summary>Waits for attempts and grades (which arrive as updates) until every set is decided or out of time.</summary>
    private async Task RunTestSetsAsync()
    {
        while (testSets.Values.Any(run => run.InProgress))
        {
            var nextDeadline = testSets.Values.Where(run => run.InProgress).Min(run => run.Deadline);
            var untilDeadline = nextDeadline - Workflow.UtcNow;
            if (untilDeadline > TimeSpan.Zero)
            {
                await Workflow.WaitConditionAsync(
                    () => unrecordedEvents.Count > 0 || !testSets.Values.Any(run => run.InProgress), untilDeadline);
            }

            foreach (var (skill, run) in testSets.Where(pair => pair.Value.InProgress && pair.Value.Deadline <= Workflow.UtcNow))
            {
                run.MissDeadline();
                RecordSetDecided(skill, run, SystemActor);
                MarkProgress(skill);
            }

            await FlushAsync();
        }
    }

    private async Task<OnboardingOutcome> ConcludeAsync()
    {
        var granted = testSets.Where(pair => pair.Value.Status == TestSetStatus.Passed).Select(pair => pair.Key).ToList();
        string? reason = null;
        if (granted.Count > 0)
        {
            var entry = new WorkerPoolEntry(Input.ApplicationId, accountId!.Value, Input.DisplayName, Input.City, granted, Workflow.UtcNow);
            await Workflow.ExecuteActivityAsync((IWorkerPoolActivities pool) => pool.AddToWorkerPoolAsync(entry), OnboardingActivities);
            status = ApplicationStatus.Worker;
            Record(OnboardingEvents.AddedToWorkerPool, SystemActor, new { accountId, skills = granted, city = Input.City });
            await NotifyAsync(
                "Welcome to the worker pool",
                $"Hello {Input.DisplayName}, you passed the tests and joined the worker pool in {Input.City} with the skills: {string.Join(", ", granted)}. " +
                "Log in again to use your new role: a token from before carries only the candidate role.");
        }
        else
        {
            reason = string.Join(
                " ",
                testSets.Select(pair => $"{pair.Key}: {pair.Value.FailureReason}")
                    .Concat(skillsWithoutTestSet.Select(skill => $"{skill}: no test set is published for this skill.")));
            var rejection = new RejectionRecord(Input.ApplicationId, reason, Workflow.UtcNow);
            await Workflow.ExecuteActivityAsync((IApplicationActivities application) => application.RejectApplicationAsync(rejection), OnboardingActivities);
            status = ApplicationStatus.Rejected;
            Record(OnboardingEvents.ApplicationRejected, SystemActor, new { reason });
            await NotifyAsync("Your application", $"Hello {Input.DisplayName}, we cannot add you to the worker pool. {reason}");
        }

        await FlushAsync();
        return new OnboardingOutcome(status, granted, reason);
    }

    private void CheckOpen(string skill, Func<TestSetRun, string?> check)
    {
        if (status != ApplicationStatus.Testing)
        {
            throw new ApplicationFailureException($"The application is not taking tests (it is {status}).", OnboardingRefusals.NotOpen, nonRetryable: true);
        }

        if (!testSets.TryGetValue(skill ?? string.Empty, out var run))
        {
            throw new ApplicationFailureException($"No test set is assigned for the skill '{skill}'.", OnboardingRefusals.InvalidSubmission, nonRetryable: true);
        }

        if (!run.InProgress)
        {
            throw new ApplicationFailureException($"The test set for '{skill}' is already {run.Status}.", OnboardingRefusals.NotOpen, nonRetryable: true);
        }

        if (check(run) is { } problem)
        {
            throw new ApplicationFailureException(problem, OnboardingRefusals.InvalidSubmission, nonRetryable: true);
        }
    }

    private AttemptResult Conclude(string skill, TestSetRun run, AttemptOutcome outcome, string actor, Guid? attemptId, IReadOnlyList<QuestionAnswer>? answers)
    {
        var facts = new TestTakenFacts(
            skill, run.Program.Code, run.Program.Version, outcome.Test.Id, outcome.Attempt, outcome.Score, outcome.Test.PassScore, attemptId, answers);
        Record(OnboardingEvents.TestTaken, actor, facts);
        Record(outcome.Passed ? OnboardingEvents.TestPassed : OnboardingEvents.TestFailed, actor, facts);
        if (!run.InProgress)
        {
            RecordSetDecided(skill, run, actor);
        }

        MarkProgress(skill);
        return Answer(skill, run, outcome);
    }

    /// <summary>What the candidate (or the grading manager) is answered for a scored attempt.</summary>
    private static AttemptResult Answer(string skill, TestSetRun run, AttemptOutcome outcome)
    {
        var next = run.CurrentTest is { } test ? CandidateTests.Describe(test, run.AttemptsUsed(test.Id), run.Program.AttemptsPerTest) : null;
        return new AttemptResult(
            skill, outcome.Test.Id, outcome.Attempt, outcome.Score, outcome.Test.PassScore, outcome.Passed, outcome.AttemptsLeft, run.Status, next);
    }

    private void RecordSetDecided(string skill, TestSetRun run, string actor)
    {
        Record(run.Status == TestSetStatus.Passed ? OnboardingEvents.SkillGranted : OnboardingEvents.TestSetFailed, actor, new { skill, testSet = run.Program.Code, version = run.Program.Version, reason = run.FailureReason });
    }

    private void MarkProgress(string skill)
    {
        if (!setsWithUnrecordedProgress.Contains(skill))
        {
            setsWithUnrecordedProgress.Add(skill);
        }
    }

    private void Record(string type, string actor, object data)
    {
        // Events of one workflow task share its time; one microsecond apart (PostgreSQL's resolution), the
        // timeline sorts them in the order they happened.
        var now = Workflow.UtcNow;
        var occurredAt = new DateTimeOffset(now.Ticks - (now.Ticks % TicksPerMicrosecond), TimeSpan.Zero);
        lastRecordedAt = occurredAt > lastRecordedAt ? occurredAt : lastRecordedAt.AddTicks(TicksPerMicrosecond);
        unrecordedEvents.Add(new SeedEvent(Workflow.NewGuid(), OnboardingEvents.StreamId(Input.ApplicationId), type, actor, lastRecordedAt, JsonSerializer.Serialize(data, JsonSerializerOptions.Web)));
    }

    /// <summary>
    /// Journals what the handlers and timers decided and stores where each changed set stands (what candidates
    /// and managers read); handlers stay free of activities so updates answer at once.
    /// </summary>
    private async Task FlushAsync()
    {
        var events = unrecordedEvents.ToList();
        var progress = setsWithUnrecordedProgress.Select(skill => Progress(skill, testSets[skill])).ToList();
        unrecordedEvents.Clear();
        setsWithUnrecordedProgress.Clear();
        await Workflow.WhenAllAsync(
            events.Select(seedEvent => Workflow.ExecuteActivityAsync((ISeedEventJournalActivities journal) => journal.RecordSeedEventAsync(seedEvent), OnboardingActivities))
                .Concat(progress.Select(record => Workflow.ExecuteActivityAsync(
                    (IApplicationActivities application) => application.RecordTestSetProgressAsync(record), OnboardingActivities))));
    }

    private TestSetProgressRecord Progress(string skill, TestSetRun run) => new(
        Input.ApplicationId, skill, run.Status, run.CurrentTest?.Id, run.CurrentTest is { } test ? run.AttemptsUsed(test.Id) : 0, run.FailureReason, Workflow.UtcNow);

    private Task NotifyAsync(string subject, string body)
    {
        var notification = new Notification(Workflow.NewGuid(), Input.Email, subject, body, OnboardingEvents.StreamId(Input.ApplicationId));
        return Workflow.ExecuteActivityAsync((INotificationActivities sender) => sender.SendNotificationAsync(notification), OnboardingActivities);
    }

    private sealed record ScoredSubmission(string Content, AttemptResult Result);
}
