using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// A page the host serves from an HTML file embedded in it (<c>Pages.*</c> in the project file). Pages are
/// self-contained: the Content-Security-Policy allows nothing from elsewhere and the page's inline script by its
/// hash only; no referrer leaves it (a confirmation link's token is in its address) and it is not cached.
/// </summary>
public sealed partial class HtmlPage
{
    private readonly byte[] body;
    private readonly string contentSecurityPolicy;

    private const string SelfContained = "default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; " +
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private HtmlPage(string html, string policy)
    {
        body = Encoding.UTF8.GetBytes(html);
        var scripts = InlineScript().Matches(html).Select(match => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)))}'");
        contentSecurityPolicy = policy.Replace("{scripts}", string.Join(' ', scripts.DefaultIfEmpty("'none'")), StringComparison.Ordinal);
    }

    /// <param name="name">The file's name, e.g. <c>LandingPage.html</c>.</param>
    /// <param name="policy">
    /// The page's Content-Security-Policy, where <c>{scripts}</c> stands for its inline scripts' hashes; by default it
    /// allows nothing but those scripts, inline styles and calls to the host.
    /// </param>
    public static HtmlPage Embedded(string name, string policy = SelfContained)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Pages.{name}")
            ?? throw new InvalidOperationException($"The host was built without the page {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new HtmlPage(reader.ReadToEnd(), policy);
    }

    public Task ServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentType = "text/html; charset=utf-8";
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
