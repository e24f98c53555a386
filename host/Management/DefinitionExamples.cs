using System.Text.Json.Nodes;

namespace HelperPlatform.Host.Management;

/// <summary>
/// The documented example definitions, <c>docs/examples/service-type.json</c> and <c>docs/examples/test-set.json</c>,
/// embedded in the host: the one copy that the docs link to and that tests and benchmarks read.
/// </summary>
public static class DefinitionExamples
{
    /// <summary>The example service type as the walkthrough, the demo and the API reference publish it.</summary>
    public static readonly DefinitionExample OfficeCookies = new("office-cookies", "Office cookies", ServiceType);

    /// <summary>The example test set as the walkthrough, the demo and the API reference publish it.</summary>
    public static readonly DefinitionExample CookieDeliveryBasics = new("cookie-delivery-basics", "Cookie delivery basics", TestSet);

    /// <summary>Office cookie delivery: supplies picked and handed over, a worker matched, check-in, photos, a sampled review.</summary>
    /// <returns>A new copy on every call, free to change.</returns>
    public static JsonObject ServiceType() => Read("service-type.json");

    /// <summary>The cookie-delivery test set: a quiz, a branch to a remedial quiz on failure, a practical task.</summary>
    /// <returns>A new copy on every call, free to change.</returns>
    public static JsonObject TestSet() => Read("test-set.json");

    private static JsonObject Read(string fileName)
    {
        using var stream = typeof(DefinitionExamples).Assembly.GetManifestResourceStream($"{nameof(DefinitionExamples)}.{fileName}")
            ?? throw new InvalidOperationException($"The host was built without the example {fileName}.");
        return JsonNode.Parse(stream)!.AsObject();
    }
}

/// <summary>An example definition under the code and name the README's walkthrough gives it.</summary>
public sealed record DefinitionExample(string Code, string Name, Func<JsonObject> Tree);
