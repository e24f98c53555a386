using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>
/// Questions with choices, scored automatically: a question earns its points when the candidate picks exactly
/// its correct choices; the quiz is passed at <c>passScore</c> points or more.
/// </summary>
public sealed class QuizStep() : StepType(TestSetStepTypes.Quiz, [TestSetStepProperties.PassScore, TestSetStepProperties.Questions])
{
    private const int MaxIdLength = 64;
    private const int MaxPointsPerQuestion = 1000;

    public override void Validate(DefinitionStep definitionStep, PropertyReader properties, StepScope scope, DefinitionProblems problems)
    {
        var questions = properties.Objects(TestSetStepProperties.Questions);
        if (questions is { Count: 0 })
        {
            properties.Problem(TestSetStepProperties.Questions, "A quiz needs at least one question.");
        }

        var questionIds = new HashSet<string>(StringComparer.Ordinal);
        int? totalPoints = 0;
        foreach (var question in questions ?? [])
        {
            var points = ValidateQuestion(question, questionIds);
            totalPoints = points is null ? null : totalPoints + points;
        }

        ValidatePassScore(properties, questions is { Count: > 0 } ? totalPoints : null);
    }

    /// <summary>The pass score is checked against the total only when every question's points are known.</summary>
    private static void ValidatePassScore(PropertyReader properties, int? totalPoints)
    {
        var passScore = properties.WholeNumber(TestSetStepProperties.PassScore);
        if (passScore < 1)
        {
            properties.Problem(TestSetStepProperties.PassScore, $"'{TestSetStepProperties.PassScore}' must be at least 1.");
        }
        else if (passScore > totalPoints)
        {
            properties.Problem(TestSetStepProperties.PassScore, $"'{TestSetStepProperties.PassScore}' {passScore} is above the quiz's total of {totalPoints} points, so nobody could pass.");
        }
    }

    /// <returns>The question's points, or null when they are missing or invalid.</returns>
    private static int? ValidateQuestion(PropertyReader question, HashSet<string> questionIds)
    {
        question.AllowOnly(QuizQuestionProperties.Id, QuizQuestionProperties.Text, QuizQuestionProperties.Points, QuizQuestionProperties.Choices, QuizQuestionProperties.CorrectChoiceIds);
        if (question.Text(QuizQuestionProperties.Id, MaxIdLength) is { } id && !questionIds.Add(id))
        {
            question.Problem(QuizQuestionProperties.Id, $"Question id '{id}' is used twice in this quiz.");
        }

        question.Text(QuizQuestionProperties.Text, 2000);
        var points = question.WholeNumber(QuizQuestionProperties.Points, 1, MaxPointsPerQuestion);
        var choiceIds = ValidateChoices(question);
        var correct = question.Strings(QuizQuestionProperties.CorrectChoiceIds);
        if (correct is { Count: 0 })
        {
            question.Problem(QuizQuestionProperties.CorrectChoiceIds, "A question needs at least one correct choice.");
        }

        foreach (var choiceId in correct ?? [])
        {
            if (choiceIds is not null && !choiceIds.Contains(choiceId))
            {
                question.Problem(QuizQuestionProperties.CorrectChoiceIds, $"'{choiceId}' is not one of the question's choices.");
            }
        }

        if (correct is not null && correct.Distinct(StringComparer.Ordinal).Count() != correct.Count)
        {
            question.Problem(QuizQuestionProperties.CorrectChoiceIds, "A correct choice is listed twice.");
        }

        return points;
    }

    /// <returns>The choice ids, or null when the choices could not be read.</returns>
    private static HashSet<string>? ValidateChoices(PropertyReader question)
    {
        var choices = question.Objects(QuizQuestionProperties.Choices);
        if (choices is null)
        {
            return null;
        }

        if (choices.Count < 2)
        {
            question.Problem(QuizQuestionProperties.Choices, "A question needs at least two choices.");
        }

        var choiceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var choice in choices)
        {
            choice.AllowOnly(QuizChoiceProperties.Id, QuizChoiceProperties.Text);
            if (choice.Text(QuizChoiceProperties.Id, MaxIdLength) is { } id && !choiceIds.Add(id))
            {
                choice.Problem(QuizChoiceProperties.Id, $"Choice id '{id}' is used twice in this question.");
            }

            choice.Text(QuizChoiceProperties.Text, 500);
        }

        return choiceIds;
    }
}
