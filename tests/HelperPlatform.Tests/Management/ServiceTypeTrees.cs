using System.Text.Json.Nodes;
using HelperPlatform.Host.Management;

namespace HelperPlatform.Tests.Management;

/// <summary>Service type trees in the format of docs/service-types.md, as mutable JSON so a test can break one thing.</summary>
internal static class ServiceTypeTrees
{
    /// <summary>The documented example (docs/examples/service-type.json): supplies picked and handed over, a worker matched, check-in, photos, a sampled review.</summary>
    public static JsonObject Valid() => DefinitionExamples.ServiceType();

    public static JsonObject Step(JsonObject tree, string path) => TestSetTrees.Step(tree, path);
}
