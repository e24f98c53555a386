using System.Text.Json.Nodes;
using HelperPlatform.Host.Management;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// The documented service type (docs/examples/service-type.json): pick, match, hand over, check in, photos, a
/// sampled quality review; published under the benchmark's own SKU and skill.
/// </summary>
internal static class ServiceTypeTree
{
    private static readonly JsonNode Terms = DefinitionExamples.ServiceType()[DefinitionTreeKeys.Properties]!;

    public static readonly int SamplingPercent = Terms[ServiceTypeProperties.QualitySamplingPercent]!.GetValue<int>();

    /// <summary>Units of the one supply each order's kit takes.</summary>
    public static readonly int UnitsPerOrder = Terms[ServiceTypeProperties.Supplies]!.AsArray().Single()![SupplyProperties.Quantity]!.GetValue<int>();

    public static JsonNode Create(string sku, string skill)
    {
        var tree = DefinitionExamples.ServiceType();
        var properties = tree[DefinitionTreeKeys.Properties]!;
        properties[ServiceTypeProperties.Supplies]!.AsArray().Single()![SupplyProperties.Sku] = sku;
        properties[ServiceTypeProperties.Skill] = skill;
        return tree;
    }
}
