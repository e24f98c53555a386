using System.Text.Json.Nodes;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Onboarding;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>The rules of docs/test-sets.md "How a test set runs", on the interpreter the workflow keeps in memory.</summary>
public sealed class TestSetRunTests
{
    private static readonly DateTimeOffset Deadline = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { "a" }, new[] { "a", "b" }, 3)]
    [InlineData(new[] { "a" }, new[] { "a" }, 1)]
    [InlineData(new[] { "a" }, new[] { "a", "b", "c" }, 1)]
    [InlineData(new[] { "b" }, new[] { "b", "a" }, 2)]
    [InlineData(new[] { "a", "b" }, new[] { "c" }, 0)]
    public void SubmitQuiz_EarnsPointsOnlyForExactlyTheCorrectChoices(string[] q1, string[] q2, int expectedScore)
    {
        var run = Run(OnboardingTrees.QuizOnly("cookie-delivery"));

        var outcome = run.SubmitQuiz([new QuestionAnswer("q1", q1), new QuestionAnswer("q2", q2)]);

        Assert.Equal(expectedScore, outcome.Score);
        Assert.Equal(expectedScore >= 2, outcome.Passed);
    }

    [Fact]
    public void FailedRoutedTest_GoesToTheFailBranch_ThenContinuesAfterTheBranch()
    {
        var run = Run(OnboardingTrees.Full("cookie-delivery", attemptsPerTest: 1));

        run.SubmitQuiz([new QuestionAnswer("q1", ["b"]), new QuestionAnswer("q2", ["c"])]);
        var remedial = run.CurrentTest!.Id;
        run.SubmitQuiz([new QuestionAnswer("q1", ["a"])]);

        Assert.Equal("basics-remedial", remedial);
        Assert.Equal("delivery-practice", run.CurrentTest!.Id);
        Assert.Equal(TestSetStatus.InProgress, run.Status);
    }

    [Fact]
    public void PassedRoutedTest_SkipsTheFailBranch()
    {
        var run = Run(OnboardingTrees.Full("cookie-delivery"));

        run.SubmitQuiz([new QuestionAnswer("q1", ["a"]), new QuestionAnswer("q2", ["a", "b"])]);

        Assert.Equal("delivery-practice", run.CurrentTest!.Id);
    }

    [Fact]
    public void UnroutedTest_FailedOnEveryAttempt_FailsTheSet()
    {
        var run = Run(OnboardingTrees.Full("cookie-delivery", attemptsPerTest: 2));
        run.SubmitQuiz([new QuestionAnswer("q1", ["a"]), new QuestionAnswer("q2", ["a", "b"])]);

        var first = run.Grade(3);
        var second = run.Grade(6);

        Assert.Equal((1, 1), (first.Attempt, first.AttemptsLeft));
        Assert.Equal((2, 0, false), (second.Attempt, second.AttemptsLeft, second.Passed));
        Assert.Equal(TestSetStatus.Failed, run.Status);
        Assert.StartsWith("Attempts exhausted at 'Deliver a test kit'", run.FailureReason, StringComparison.Ordinal);
        Assert.Null(run.CurrentTest);
    }

    [Fact]
    public void FinishStepInTheFailBranch_EndsTheSetAtOnce()
    {
        var tree = OnboardingTrees.Full("cookie-delivery", attemptsPerTest: 1);
        tree["sequence"]![1]!["branches"]!["Fail"] = JsonNode.Parse("""[ { "id": "stop", "componentType": "task", "type": "finish", "name": "Not this time", "properties": { "outcome": "failed" } } ]""");
        var run = Run(tree);

        run.SubmitQuiz([new QuestionAnswer("q1", ["b"]), new QuestionAnswer("q2", ["c"])]);

        Assert.Equal(TestSetStatus.Failed, run.Status);
        Assert.Equal("The test set ends at 'Not this time'.", run.FailureReason);
    }

    [Fact]
    public void CheckGrade_OutsideZeroToMaxScore_OrOnAQuiz_IsRefused()
    {
        var run = Run(OnboardingTrees.Full("cookie-delivery"));

        var onQuiz = run.CheckGrade("basics-quiz", 1);
        run.SubmitQuiz([new QuestionAnswer("q1", ["a"]), new QuestionAnswer("q2", ["a", "b"])]);

        Assert.Contains("scored automatically", onQuiz, StringComparison.Ordinal);
        Assert.NotNull(run.CheckGrade("delivery-practice", -1));
        Assert.NotNull(run.CheckGrade("delivery-practice", 11));
        Assert.Null(run.CheckGrade("delivery-practice", 0));
        Assert.Null(run.CheckGrade("delivery-practice", 10));
    }

    [Fact]
    public void MissDeadline_FailsAnOpenSet_ButNotADecidedOne()
    {
        var open = Run(OnboardingTrees.QuizOnly("cookie-delivery"));
        var passed = Run(OnboardingTrees.QuizOnly("cookie-delivery"));
        passed.SubmitQuiz([new QuestionAnswer("q1", ["a"]), new QuestionAnswer("q2", ["a", "b"])]);

        open.MissDeadline();
        passed.MissDeadline();

        Assert.Equal((TestSetStatus.Failed, "Deadline passed before the test set was finished."), (open.Status, open.FailureReason));
        Assert.Equal(TestSetStatus.Passed, passed.Status);
    }

    private static TestSetRun Run(JsonObject tree) =>
        new(TestSetProgram.Read(new PublishedTestSet("cookie-basics", 1, "Cookie basics", "cookie-delivery", tree.ToJsonString())), Deadline);
}
