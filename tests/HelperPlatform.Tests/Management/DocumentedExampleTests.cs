using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.ServiceTypes;
using HelperPlatform.Activities.Management.TestSets;
using HelperPlatform.Host.Management;

namespace HelperPlatform.Tests.Management;

/// <summary>
/// The examples in docs/examples are what managers copy, and what tests, benchmarks and the host read through
/// <see cref="DefinitionExamples"/>: each kind's document links to its example, and the example is valid.
/// </summary>
public sealed class DocumentedExampleTests
{
    private static readonly string Docs = Path.Combine(AppContext.BaseDirectory, "../../../../../docs");

    [Fact]
    public void ServiceTypeExample_IsLinkedFromItsDocument_AndValid()
    {
        var check = CheckLinkedExample("service-types.md", "service-type.json", DefinitionExamples.ServiceType(), new ServiceTypeKind());

        Assert.Empty(check.Problems);
    }

    [Fact]
    public void TestSetExample_IsLinkedFromItsDocument_AndValid()
    {
        var check = CheckLinkedExample("test-sets.md", "test-set.json", DefinitionExamples.TestSet(), new TestSetKind());

        Assert.Empty(check.Problems);
        Assert.Equal("cookie-delivery", check.Subject?.Value);
    }

    /// <param name="embedded">The example as the host carries it, which must be the file the document links to.</param>
    private static DefinitionCheck CheckLinkedExample(string document, string exampleFile, JsonObject embedded, IDefinitionKind kind)
    {
        Assert.Contains($"(examples/{exampleFile})", File.ReadAllText(Path.Combine(Docs, document)), StringComparison.Ordinal);
        var linked = JsonNode.Parse(File.ReadAllText(Path.Combine(Docs, "examples", exampleFile)));
        Assert.True(JsonNode.DeepEquals(linked, embedded), $"the host's {exampleFile} and the one in docs/examples differ");
        using var tree = JsonDocument.Parse(embedded.ToJsonString());
        return DefinitionStore.Check(kind, tree.RootElement);
    }
}
