namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// One candidate's run through one pinned test set version, following docs/test-sets.md "How a test set
/// runs": steps in order, attempts per test, branches on a test's outcome, <c>finish</c>, the deadline.
/// Pure and deterministic, so the workflow can keep it in memory and rebuild it on replay.
/// </summary>
public sealed class TestSetRun
{
    private readonly List<Frame> cursor = [];
    private readonly Dictionary<string, int> attemptsUsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> outcomes = new(StringComparer.Ordinal);

    public TestSetRun(TestSetProgram program, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        Deadline = deadline;
        cursor.Add(new Frame(program.Sequence));
        Settle();
    }

    public TestSetProgram Program { get; }

    public DateTimeOffset Deadline { get; }

    public TestSetStatus Status { get; private set; } = TestSetStatus.InProgress;

    public string? FailureReason { get; private set; }

    /// <summary>The test waiting for the candidate (or for a manager's grade); null once the set is decided.</summary>
    public TestStep? CurrentTest { get; private set; }

    public bool InProgress => Status == TestSetStatus.InProgress;

    /// <returns>Why the submission cannot be scored, or null when it can.</returns>
    public string? CheckQuizSubmission(string stepId, IReadOnlyList<QuestionAnswer>? answers)
    {
        if (CheckCurrent(stepId) is { } problem)
        {
            return problem;
        }

        if (CurrentTest is not Quiz quiz)
        {
            return $"'{stepId}' is a practical task: a manager grades it.";
        }

        if (answers is null || answers.Count != quiz.Questions.Count
            || answers.Select(answer => answer?.QuestionId).Distinct(StringComparer.Ordinal).Count() != answers.Count)
        {
            return $"Answer each of the quiz's {quiz.Questions.Count} question(s) exactly once.";
        }

        foreach (var answer in answers)
        {
            var question = quiz.Questions.SingleOrDefault(question => question.Id == answer.QuestionId);
            if (question is null)
            {
                return $"The quiz has no question '{answer.QuestionId}'.";
            }

            if (answer.ChoiceIds is not { Count: > 0 } choices
                || choices.Distinct(StringComparer.Ordinal).Count() != choices.Count
                || choices.Any(choice => question.Choices.All(known => known.Id != choice)))
            {
                return $"Question '{question.Id}' needs one or more distinct choices among its own.";
            }
        }

        return null;
    }

    /// <returns>Why the grade cannot be given, or null when it can.</returns>
    public string? CheckGrade(string stepId, int score)
    {
        if (CheckCurrent(stepId) is { } problem)
        {
            return problem;
        }

        if (CurrentTest is not PracticalTask task)
        {
            return $"'{stepId}' is a quiz: it is scored automatically.";
        }

        return score < 0 || score > task.MaxScore ? $"The score must be a whole number from 0 to {task.MaxScore}." : null;
    }

    /// <summary>Scores an attempt checked by <see cref="CheckQuizSubmission"/>.</summary>
    public AttemptOutcome SubmitQuiz(IReadOnlyList<QuestionAnswer> answers) => Record(((Quiz)CurrentTest!).Score(answers));

    /// <summary>Records a grade checked by <see cref="CheckGrade"/>.</summary>
    public AttemptOutcome Grade(int score) => Record(score);

    /// <summary>Scores again, from the journal, an attempt or grade at <paramref name="stepId"/> scored before (a resumed run).</summary>
    /// <exception cref="InvalidOperationException">The journal does not fit the pinned version: it was not this run's.</exception>
    public AttemptOutcome Replay(string stepId, int score) => CheckCurrent(stepId) is { } problem
        ? throw new InvalidOperationException($"The journal does not fit test set {Program.Code} v{Program.Version}: {problem}")
        : Record(score);

    public void MissDeadline()
    {
        if (InProgress)
        {
            Fail("Deadline passed before the test set was finished.");
        }
    }

    public int AttemptsUsed(string stepId) => attemptsUsed.GetValueOrDefault(stepId);

    private string? CheckCurrent(string stepId) =>
        !InProgress ? $"The test set for '{Program.Skill}' is already {Status.ToString().ToLowerInvariant()}."
        : CurrentTest!.Id != stepId ? $"'{stepId}' is not the current test of this set; the current one is '{CurrentTest.Id}'."
        : null;

    private AttemptOutcome Record(int score)
    {
        var test = CurrentTest!;
        var attempt = attemptsUsed[test.Id] = AttemptsUsed(test.Id) + 1;
        var passed = score >= test.PassScore;
        if (passed || attempt == Program.AttemptsPerTest)
        {
            outcomes[test.Id] = passed;
            if (passed || Program.RoutedTestIds.Contains(test.Id))
            {
                cursor[^1].Index++;
                Settle();
            }
            else
            {
                Fail($"Attempts exhausted at '{test.Name}' ({Program.AttemptsPerTest} allowed, none passed).");
            }
        }

        return new AttemptOutcome(test, attempt, score, passed, Program.AttemptsPerTest - attempt);
    }

    /// <summary>Walks from the cursor to the next test, taking branches and finishes on the way.</summary>
    private void Settle()
    {
        while (cursor.Count > 0)
        {
            var frame = cursor[^1];
            if (frame.Index >= frame.Sequence.Count)
            {
                // A finished branch continues after its branching step, which the parent frame already passed.
                cursor.RemoveAt(cursor.Count - 1);
                continue;
            }

            switch (frame.Sequence[frame.Index])
            {
                case TestStep test:
                    CurrentTest = test;
                    return;
                case BranchOnResult branch:
                    frame.Index++;
                    cursor.Add(new Frame(outcomes.GetValueOrDefault(branch.TestStepId) ? branch.Pass : branch.Fail));
                    break;
                case Finish finish when finish.Passed:
                    Pass();
                    return;
                case Finish finish:
                    Fail($"The test set ends at '{finish.Name}'.");
                    return;
                default:
                    throw new InvalidOperationException($"Unknown step '{frame.Sequence[frame.Index].Id}'.");
            }
        }

        Pass();
    }

    private void Pass()
    {
        Status = TestSetStatus.Passed;
        CurrentTest = null;
        cursor.Clear();
    }

    private void Fail(string reason)
    {
        Status = TestSetStatus.Failed;
        FailureReason = reason;
        CurrentTest = null;
        cursor.Clear();
    }

    private sealed class Frame(IReadOnlyList<ProgramStep> sequence)
    {
        public IReadOnlyList<ProgramStep> Sequence { get; } = sequence;

        public int Index { get; set; }
    }
}

/// <summary>One scored attempt at <see cref="Test"/>.</summary>
public sealed record AttemptOutcome(TestStep Test, int Attempt, int Score, bool Passed, int AttemptsLeft);
