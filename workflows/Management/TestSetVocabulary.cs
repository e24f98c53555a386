namespace HelperPlatform.Workflows.Management;

/// <summary>
/// The step types of a test set (docs/test-sets.md, "Step catalogue"): what Management validates and the
/// onboarding workflow runs.
/// </summary>
public static class TestSetStepTypes
{
    public const string Quiz = "quiz";
    public const string PracticalTask = "practicalTask";
    public const string BranchOnResult = "branchOnResult";
    public const string Finish = "finish";
}

/// <summary>The <c>properties</c> of test set steps, by the step type that has them.</summary>
public static class TestSetStepProperties
{
    /// <summary><c>quiz</c> and <c>practicalTask</c>: the score that passes the test.</summary>
    public const string PassScore = "passScore";

    /// <summary><c>quiz</c>: its questions (<see cref="QuizQuestionProperties"/>).</summary>
    public const string Questions = "questions";

    /// <summary><c>practicalTask</c>: what the candidate does, and the highest grade.</summary>
    public const string Instructions = "instructions";
    public const string MaxScore = "maxScore";

    /// <summary><c>branchOnResult</c>: the test whose outcome picks the branch.</summary>
    public const string TestStepId = "testStepId";

    /// <summary><c>finish</c>: <see cref="FinishOutcomes.Passed"/> or <see cref="FinishOutcomes.Failed"/>.</summary>
    public const string Outcome = "outcome";
}

/// <summary>The keys of one question of a quiz.</summary>
public static class QuizQuestionProperties
{
    public const string Id = "id";
    public const string Text = "text";
    public const string Points = "points";

    /// <summary>The question's choices, each <c>{ id, text }</c> (<see cref="QuizChoiceProperties"/>).</summary>
    public const string Choices = "choices";
    public const string CorrectChoiceIds = "correctChoiceIds";
}

/// <summary>The keys of one choice of a quiz question.</summary>
public static class QuizChoiceProperties
{
    public const string Id = "id";
    public const string Text = "text";
}

/// <summary>The <c>outcome</c> values of a <c>finish</c> step.</summary>
public static class FinishOutcomes
{
    public const string Passed = "passed";
    public const string Failed = "failed";
}

/// <summary>A test set's set-level <c>properties</c> (docs/test-sets.md, "Set-level properties").</summary>
public static class TestSetProperties
{
    public const string Skill = "skill";
    public const string AttemptsPerTest = "attemptsPerTest";
    public const string Deadline = "deadline";
}
