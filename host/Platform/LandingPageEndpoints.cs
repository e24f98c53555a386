using System.Collections.Frozen;
using System.Reflection;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// What a person finds at the host's root: a small page with the API reference, the OpenAPI document, health and
/// the docs, which the host carries (README.md and docs/*.md, embedded as <c>Docs.*</c>) so that its links work.
/// </summary>
public static class LandingPageEndpoints
{
    private const string DocsPrefix = "Docs.";

    /// <summary>Every doc the host carries, by name, read once: they never change while it runs.</summary>
    private static readonly Lazy<FrozenDictionary<string, string>> Docs = new(ReadDocs);

    public static IEndpointRouteBuilder MapLandingPageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var page = HtmlPage.Embedded("LandingPage.html");
        endpoints.MapGet("/", page.ServeAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/docs/{name}", ServeDoc).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static IResult ServeDoc(string name) => Docs.Value.TryGetValue(name, out var text)
        ? TypedResults.Text(text, "text/plain; charset=utf-8")
        : TypedResults.Problem($"There is no doc named '{name}'; the start page at / lists them.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static FrozenDictionary<string, string> ReadDocs()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(DocsPrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(resource => resource[DocsPrefix.Length..], resource =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                return reader.ReadToEnd();
            }, StringComparer.Ordinal);
    }
}
