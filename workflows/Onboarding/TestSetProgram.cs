using System.Text.Json;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>
/// A published test set read into the steps the onboarding workflow runs (docs/test-sets.md, "How a test set
/// runs"). Only published versions are read, and publishing validated them, so this reader trusts the shape.
/// </summary>
public sealed record TestSetProgram(
    string Code,
    int Version,
    string Name,
    string Skill,
    int AttemptsPerTest,
    TimeSpan Deadline,
    IReadOnlyList<ProgramStep> Sequence)
{
    /// <summary>Tests some branch routes on: failing one of them does not end the set, the branch decides.</summary>
    public IReadOnlySet<string> RoutedTestIds { get; } = AllSteps(Sequence).OfType<BranchOnResult>().Select(branch => branch.TestStepId).ToHashSet(StringComparer.Ordinal);

    /// <summary>The test with <paramref name="stepId"/>, wherever it is in the tree.</summary>
    public TestStep? FindTest(string stepId) => AllSteps(Sequence).OfType<TestStep>().SingleOrDefault(test => test.Id == stepId);

    public static TestSetProgram Read(PublishedTestSet published)
    {
        ArgumentNullException.ThrowIfNull(published);
        using var document = JsonDocument.Parse(published.DefinitionJson);
        var root = document.RootElement;
        var properties = root.GetProperty(DefinitionTreeKeys.Properties);
        if (!IsoDuration.TryParse(properties.GetProperty(TestSetProperties.Deadline).GetString(), out var deadline))
        {
            throw new InvalidOperationException($"Test set {published.Code} v{published.Version} has an unreadable deadline.");
        }

        return new TestSetProgram(
            published.Code,
            published.Version,
            published.Name,
            published.Skill,
            properties.GetProperty(TestSetProperties.AttemptsPerTest).GetInt32(),
            deadline,
            ReadSequence(root.GetProperty(DefinitionTreeKeys.Sequence)));
    }

    private static List<ProgramStep> ReadSequence(JsonElement sequence) => [.. sequence.EnumerateArray().Select(ReadStep)];

    private static ProgramStep ReadStep(JsonElement step)
    {
        var id = step.GetProperty(DefinitionTreeKeys.Id).GetString()!;
        var name = step.GetProperty(DefinitionTreeKeys.Name).GetString()!;
        var properties = step.GetProperty(DefinitionTreeKeys.Properties);
        return step.GetProperty(DefinitionTreeKeys.Type).GetString() switch
        {
            TestSetStepTypes.Quiz => new Quiz(
                id,
                name,
                properties.GetProperty(TestSetStepProperties.PassScore).GetInt32(),
                [.. properties.GetProperty(TestSetStepProperties.Questions).EnumerateArray().Select(ReadQuestion)]),
            TestSetStepTypes.PracticalTask => new PracticalTask(
                id,
                name,
                properties.GetProperty(TestSetStepProperties.PassScore).GetInt32(),
                properties.GetProperty(TestSetStepProperties.MaxScore).GetInt32(),
                properties.GetProperty(TestSetStepProperties.Instructions).GetString()!),
            TestSetStepTypes.BranchOnResult => new BranchOnResult(
                id,
                name,
                properties.GetProperty(TestSetStepProperties.TestStepId).GetString()!,
                ReadSequence(step.GetProperty(DefinitionTreeKeys.Branches).GetProperty(OutcomeBranches.Pass)),
                ReadSequence(step.GetProperty(DefinitionTreeKeys.Branches).GetProperty(OutcomeBranches.Fail))),
            TestSetStepTypes.Finish => new Finish(id, name, properties.GetProperty(TestSetStepProperties.Outcome).GetString() == FinishOutcomes.Passed),
            var type => throw new InvalidOperationException($"Step '{id}' has the type '{type}', which the onboarding workflow does not know."),
        };
    }

    private static QuizQuestion ReadQuestion(JsonElement question) => new(
        question.GetProperty(QuizQuestionProperties.Id).GetString()!,
        question.GetProperty(QuizQuestionProperties.Text).GetString()!,
        question.GetProperty(QuizQuestionProperties.Points).GetInt32(),
        [.. question.GetProperty(QuizQuestionProperties.Choices).EnumerateArray().Select(ReadChoice)],
        [.. question.GetProperty(QuizQuestionProperties.CorrectChoiceIds).EnumerateArray().Select(choice => choice.GetString()!)]);

    private static CandidateChoice ReadChoice(JsonElement choice) =>
        new(choice.GetProperty(QuizChoiceProperties.Id).GetString()!, choice.GetProperty(QuizChoiceProperties.Text).GetString()!);

    private static IEnumerable<ProgramStep> AllSteps(IEnumerable<ProgramStep> sequence) =>
        sequence.SelectMany(step => step is BranchOnResult branch ? [step, .. AllSteps(branch.Pass), .. AllSteps(branch.Fail)] : new[] { step });
}

public abstract record ProgramStep(string Id, string Name);

/// <summary>A step the candidate takes; it passes at <see cref="PassScore"/> points or more.</summary>
public abstract record TestStep(string Id, string Name, int PassScore) : ProgramStep(Id, Name);

public sealed record Quiz(string Id, string Name, int PassScore, IReadOnlyList<QuizQuestion> Questions) : TestStep(Id, Name, PassScore)
{
    /// <summary>A question earns its points only for exactly its correct choices: all of them and nothing else.</summary>
    public int Score(IReadOnlyList<QuestionAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return Questions.Sum(question =>
            answers.SingleOrDefault(answer => answer.QuestionId == question.Id) is { } answer
            && answer.ChoiceIds.ToHashSet(StringComparer.Ordinal).SetEquals(question.CorrectChoiceIds)
                ? question.Points
                : 0);
    }
}

public sealed record QuizQuestion(string Id, string Text, int Points, IReadOnlyList<CandidateChoice> Choices, IReadOnlyList<string> CorrectChoiceIds);

/// <summary>Graded by a manager from 0 to <see cref="MaxScore"/>.</summary>
public sealed record PracticalTask(string Id, string Name, int PassScore, int MaxScore, string Instructions) : TestStep(Id, Name, PassScore);

public sealed record BranchOnResult(string Id, string Name, string TestStepId, IReadOnlyList<ProgramStep> Pass, IReadOnlyList<ProgramStep> Fail)
    : ProgramStep(Id, Name);

public sealed record Finish(string Id, string Name, bool Passed) : ProgramStep(Id, Name);
