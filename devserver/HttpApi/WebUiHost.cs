using System.Net;
using HelperPlatform.DevServer.Engine;
using HelperPlatform.DevServer.GrpcBinding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.HttpApi;

/// <summary>
/// The Temporal Web UI's port, as <c>temporal server start-dev</c> serves it beside its gRPC port: the UI's static
/// single-page app, Temporal's HTTP API under /api/v1 (which the UI calls) and the UI server's settings. It has no
/// authentication, so it binds to loopback unless told otherwise.
/// </summary>
internal static class WebUiHost
{
    public static async Task<(WebApplication Host, string Url)> StartAsync(
        DevServerOptions options, DevServerEngine engine, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = Hosting.IsolatedWebHost.CreateBuilder(loggerFactory);
        var bindAddress = IPAddress.Parse(options.UiBindAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(bindAddress, options.UiPort!.Value, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton<WorkflowServiceEndpoint>();
        builder.Services.AddSingleton<OperatorServiceEndpoint>();

        var app = builder.Build();
        var assets = options.UiAssetsDirectory is { } directory && File.Exists(Path.Combine(directory, WebUiSettings.IndexFile))
            ? new PhysicalFileProvider(Path.GetFullPath(directory))
            : null;
        if (assets is not null)
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = assets });
        }
        // After the static files, so a file is served before the SPA fallback below can claim its path.
        app.UseRouting();
        HttpApiTranscoder.Map(app, HttpRoute
            .For(Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0], typeof(WorkflowServiceEndpoint))
            .Concat(HttpRoute.For(Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0], typeof(OperatorServiceEndpoint))));
        app.MapGet("/api/v1/settings", () => Results.Json(WebUiSettings.For(engine.DefaultNamespace)));
        app.MapFallback("/api/{**path}", (HttpContext http) => Results.Json(
            new { code = (int)Grpc.Core.StatusCode.NotFound, message = $"No API at {http.Request.Path}." }, statusCode: StatusCodes.Status404NotFound));
        app.MapFallback(assets is null ? WebUiSettings.NotBuiltAsync : http => WebUiSettings.IndexAsync(http, assets));
        await app.StartAsync(cancellationToken);

        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var url = $"http://{(bindAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bindAddress}]" : bindAddress.ToString())}:{port}";
        var logger = loggerFactory.CreateLogger(typeof(WebUiHost));
        if (!IPAddress.IsLoopback(bindAddress))
        {
            logger.LogWarning(
                "The Temporal Web UI at {Url} is bound to {Address}, beyond this machine: it has no authentication, and anyone who reaches it can terminate workflows",
                url, bindAddress);
        }
        if (assets is null)
        {
            logger.LogWarning("The Temporal Web UI is not built ({Directory} has no index.html): {Url} serves only the HTTP API", options.UiAssetsDirectory, url);
        }
        return (app, url);
    }
}
