using HelperPlatform.Host.Platform;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>
/// The designer at <c>/designer</c>: our page (sign-in, the definitions, Elsa Studio mounted for one of them) and
/// Elsa Studio's files from the installed npm package, precompressed where the package ships a Brotli or gzip copy.
/// The files are the public package and load nothing from elsewhere; what they show comes from the manager-only
/// Elsa API (<see cref="ElsaApiEndpoints"/>), so a visitor who is not a manager gets an empty shell and a refusal.
/// </summary>
public static class DesignerEndpoints
{
    /// <summary>
    /// Studio is WebAssembly and runs its .NET runtime from wasm; Monaco (its code view) runs its workers from blobs.
    /// Studio's workflow editor renders one inline script (<c>window.editorHotkeys</c>, its Ctrl+R binding), allowed by
    /// its hash in package 3.8.2: an upgrade that changes it is refused by the browser, which the browser tests report.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' 'sha256-snlP1jz0gjwc5cTz9ErZcliXuCK63+Mmf68RRCeptgc=' {scripts}; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = StudioContentTypes();

    public static IEndpointRouteBuilder MapDesignerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var page = HtmlPage.Embedded("DesignerPage.html", ContentSecurityPolicy);
        // The page lives at /designer/, inside its base address: Blazor refuses to start on an address outside its base.
        endpoints.MapGet("/designer", (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? page.ServeAsync(context)
            : TypedResults.LocalRedirect("/designer/").ExecuteAsync(context)).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapMethods("/designer/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeStudioFile).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static IResult ServeStudioFile(string path, HttpContext context, IOptions<DesignerSettings> settings)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.Value.ResolvedStudioDirectory));
        if (!Directory.Exists(root))
        {
            return TypedResults.Problem(
                $"Elsa Studio is not installed on this server ({root} is missing): the build installs it with npm when Node.js is present (docs/designer.md).",
                statusCode: StatusCodes.Status404NotFound,
                title: "The designer is not installed");
        }

        var file = Path.GetFullPath(Path.Combine(root, path));
        if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file)
            || !ContentTypes.TryGetContentType(file, out var contentType))
        {
            return TypedResults.Problem($"The designer has no file '{path}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        foreach (var (encoding, extension) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase) && File.Exists(file + extension))
            {
                headers.ContentEncoding = encoding;
                return Serve(file + extension, contentType);
            }
        }

        return Serve(file, contentType);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.PhysicalFileHttpResult Serve(string file, string contentType)
    {
        var info = new FileInfo(file);
        var tag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return TypedResults.PhysicalFile(file, contentType, lastModified: info.LastWriteTimeUtc, entityTag: tag);
    }

    private static FileExtensionContentTypeProvider StudioContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }
}
