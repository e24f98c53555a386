using HelperPlatform.Activities.Management.Definitions;

namespace HelperPlatform.Activities.Management.TestSets;

/// <summary>
/// Questions with choices, scored automatically: a question earns its points when the candidate picks exactly
/// its correct choices; the quiz is passed at <c>passScore</c> points or more.
/// </summary>
public sealed class QuizStep : StepType
{
    public const string TypeName = "quiz";
    private const int MaxIdLength = 64;
    private const int MaxPointsPerQuestion = 1000;

    public override string Type => TypeName;

    public override string ComponentType => TaskComponent;

    public override void Validate(DefinitionStep definitionStep, StepScope scope, DefinitionProblems problems)
    {
        var properties = PropertyReader.ForStep(definitionStep, problems);
        properties.AllowOnly("passScore", "questions");
        var questions = properties.Objects("questions");
        if (questions is { Count: 0 })
        {
            properties.Problem("questions", "A quiz needs at least one question.");
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
        var passScore = properties.WholeNumber("passScore");
        if (passScore < 1)
        {
            properties.Problem("passScore", "'passScore' must be at least 1.");
        }
        else if (passScore > totalPoints)
        {
            properties.Problem("passScore", $"'passScore' {passScore} is above the quiz's total of {totalPoints} points, so nobody could pass.");
        }
    }

    /// <returns>The question's points, or null when they are missing or invalid.</returns>
    private static int? ValidateQuestion(PropertyReader question, HashSet<string> questionIds)
    {
        question.AllowOnly("id", "text", "points", "choices", "correctChoiceIds");
        if (question.Text("id", MaxIdLength) is { } id && !questionIds.Add(id))
        {
            question.Problem("id", $"Question id '{id}' is used twice in this quiz.");
        }

        question.Text("text", 2000);
        var points = question.WholeNumber("points", 1, MaxPointsPerQuestion);
        var choiceIds = ValidateChoices(question);
        var correct = question.Strings("correctChoiceIds");
        if (correct is { Count: 0 })
        {
            question.Problem("correctChoiceIds", "A question needs at least one correct choice.");
        }

        foreach (var choiceId in correct ?? [])
        {
            if (choiceIds is not null && !choiceIds.Contains(choiceId))
            {
                question.Problem("correctChoiceIds", $"'{choiceId}' is not one of the question's choices.");
            }
        }

        if (correct is not null && correct.Distinct(StringComparer.Ordinal).Count() != correct.Count)
        {
            question.Problem("correctChoiceIds", "A correct choice is listed twice.");
        }

        return points;
    }

    /// <returns>The choice ids, or null when the choices could not be read.</returns>
    private static HashSet<string>? ValidateChoices(PropertyReader question)
    {
        var choices = question.Objects("choices");
        if (choices is null)
        {
            return null;
        }

        if (choices.Count < 2)
        {
            question.Problem("choices", "A question needs at least two choices.");
        }

        var choiceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var choice in choices)
        {
            choice.AllowOnly("id", "text");
            if (choice.Text("id", MaxIdLength) is { } id && !choiceIds.Add(id))
            {
                choice.Problem("id", $"Choice id '{id}' is used twice in this question.");
            }

            choice.Text("text", 500);
        }

        return choiceIds;
    }
}
