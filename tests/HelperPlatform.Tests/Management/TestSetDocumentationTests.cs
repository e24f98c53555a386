using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.TestSets;

namespace HelperPlatform.Tests.Management;

/// <summary>The complete example in docs/test-sets.md is what managers copy; it must stay valid.</summary>
public sealed class TestSetDocumentationTests
{
    [Fact]
    public void DocumentedExample_IsAValidTestSet()
    {
        var markdown = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/test-sets.md"));
        var start = markdown.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var example = markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];
        using var tree = JsonDocument.Parse(example);

        var check = DefinitionStore.Check(new TestSetKind(), tree.RootElement);

        Assert.Empty(check.Problems);
        Assert.Equal("cookie-delivery", check.Subject?.Value);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(example), TestSetTrees.Valid("cookie-delivery")), "the tests' sample and the documented example differ");
    }
}
