using System.Text.Json.Nodes;
using HelperPlatform.Host.Management;

namespace HelperPlatform.Tests.Management;

/// <summary>Test set trees in the format of docs/test-sets.md, as mutable JSON so a test can break one thing.</summary>
internal static class TestSetTrees
{
    /// <summary>Codes and skills are unique per test, since one skill is published by one test set only.</summary>
    public static string UniqueCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>The documented example (docs/examples/test-set.json) granting <paramref name="skill"/>: a quiz, a branch sending a failed quiz to a remedial quiz, a practical task.</summary>
    public static JsonObject Valid(string skill)
    {
        var tree = DefinitionExamples.TestSet();
        tree["properties"]!["skill"] = skill;
        return tree;
    }

    public static JsonObject Step(JsonObject tree, string path)
    {
        JsonNode node = tree;
        foreach (var part in path.Split('/'))
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        }

        return node.AsObject();
    }
}
