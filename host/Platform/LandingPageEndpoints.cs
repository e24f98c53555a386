using System.Reflection;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// What a person finds at the host's root: a small page with the API reference, the OpenAPI document, health and
/// the docs, which the host carries (README.md and docs/*.md, embedded as <c>Docs.*</c>) so that its links work.
/// </summary>
public static class LandingPageEndpoints
{
    private const string DocsPrefix = "Docs.";

    public static IEndpointRouteBuilder MapLandingPageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var page = HtmlPage.Embedded("LandingPage.html");
        endpoints.MapGet("/", page.ServeAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/docs/{name}", ServeDocAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ServeDocAsync(string name)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DocsPrefix + name);
        if (stream is null)
        {
            return TypedResults.Problem($"There is no doc named '{name}'; the start page at / lists them.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return TypedResults.Text(await reader.ReadToEndAsync(), "text/plain; charset=utf-8");
        }
    }
}
