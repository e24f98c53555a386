using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>Tests as the candidate may see them: the questions and choices, never the correct choices.</summary>
public static class CandidateTests
{
    public static CandidateTest Describe(TestStep test, int attemptsUsed, int attemptsAllowed) => test switch
    {
        Quiz quiz => new CandidateTest(
            quiz.Id, TestSetStepTypes.Quiz, quiz.Name, quiz.PassScore, attemptsUsed, attemptsAllowed,
            [.. quiz.Questions.Select(question => new CandidateQuestion(question.Id, question.Text, question.Points, question.Choices))],
            Instructions: null,
            MaxScore: null),
        PracticalTask task => new CandidateTest(
            task.Id, TestSetStepTypes.PracticalTask, task.Name, task.PassScore, attemptsUsed, attemptsAllowed, Questions: null, task.Instructions, task.MaxScore),
        _ => throw new ArgumentException($"'{test?.Id}' is not a test.", nameof(test)),
    };
}
