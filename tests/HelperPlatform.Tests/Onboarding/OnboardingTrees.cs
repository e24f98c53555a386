using System.Text.Json.Nodes;
using HelperPlatform.Tests.Management;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>Test sets for onboarding journeys, derived from the documented example (docs/test-sets.md).</summary>
internal static class OnboardingTrees
{
    public static readonly (string, string[])[] BasicsRight = [("q1", ["a"]), ("q2", ["a", "b"])];

    /// <summary>q1 right (1 point), q2 only half right, which earns nothing: 1 point, below the pass score 2.</summary>
    public static readonly (string, string[])[] BasicsWrong = [("q1", ["a"]), ("q2", ["a"])];

    public static readonly (string, string[])[] RemedialRight = [("q1", ["a"])];

    /// <summary>The documented set: basics quiz, a branch to a remedial quiz on failure, a practical task.</summary>
    public static JsonObject Full(string skill, int attemptsPerTest = 3, string deadline = "P14D")
    {
        var tree = TestSetTrees.Valid(skill);
        tree["properties"]!["attemptsPerTest"] = attemptsPerTest;
        tree["properties"]!["deadline"] = deadline;
        return tree;
    }

    /// <summary>The basics quiz alone: failing it for good fails the set.</summary>
    public static JsonObject QuizOnly(string skill, int attemptsPerTest = 3, string deadline = "P14D")
    {
        var tree = Full(skill, attemptsPerTest, deadline);
        var quiz = tree["sequence"]![0]!.DeepClone();
        tree["sequence"] = new JsonArray(quiz);
        return tree;
    }

    public static string Skill() => TestSetTrees.UniqueCode("skill");
}
