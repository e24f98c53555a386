using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace HelperPlatform.DevServer.HttpApi;

/// <summary>
/// The UI server's part: its <c>GET /api/v1/settings</c> (in the UI server's field names), and the single-page
/// app's index for every path that is not a file, so a deep link opens the UI at that page.
/// </summary>
internal static class WebUiSettings
{
    public const string IndexFile = "index.html";

    /// <summary>
    /// The write actions the dev server supports (terminate, cancel, signal) stay enabled; the ones it does not
    /// (reset, batch operations, starting workflows and sending updates from the UI) are shown disabled.
    /// </summary>
    public static object For(string defaultNamespace) => new Dictionary<string, object>
    {
        ["Auth"] = new Dictionary<string, object> { ["Enabled"] = false, ["Options"] = Array.Empty<string>() },
        ["DefaultNamespace"] = defaultNamespace,
        ["ShowTemporalSystemNamespace"] = false,
        ["NotifyOnNewVersion"] = false,
        ["DisableWriteActions"] = false,
        ["WorkflowTerminateDisabled"] = false,
        ["WorkflowCancelDisabled"] = false,
        ["WorkflowSignalDisabled"] = false,
        ["WorkflowUpdateDisabled"] = true,
        ["WorkflowResetDisabled"] = true,
        ["BatchActionsDisabled"] = true,
        ["StartWorkflowDisabled"] = true,
        ["HideWorkflowQueryErrors"] = false,
        ["RefreshWorkflowCountsDisabled"] = false,
        ["Codec"] = new Dictionary<string, object>(),
        ["Version"] = "2.38.0",
    };

    public static async Task IndexAsync(HttpContext http, IFileProvider assets)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.SendFileAsync(assets.GetFileInfo(IndexFile), http.RequestAborted);
    }

    public static Task NotBuiltAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(
            "The Temporal Web UI was not built into this dev server (the build needs Node.js and npm). "
            + "Temporal's HTTP API is served under /api/v1.\n",
            http.RequestAborted);
    }
}
