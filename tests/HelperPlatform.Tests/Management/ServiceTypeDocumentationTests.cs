using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.ServiceTypes;

namespace HelperPlatform.Tests.Management;

/// <summary>The complete example in docs/service-types.md is what managers copy; it must stay valid.</summary>
public sealed class ServiceTypeDocumentationTests
{
    [Fact]
    public void DocumentedExample_IsAValidServiceType()
    {
        var markdown = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/service-types.md"));
        var start = markdown.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var example = markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];
        using var tree = JsonDocument.Parse(example);

        var check = DefinitionStore.Check(new ServiceTypeKind(), tree.RootElement);

        Assert.Empty(check.Problems);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(example), ServiceTypeTrees.Valid()), "the tests' sample and the documented example differ");
    }
}
