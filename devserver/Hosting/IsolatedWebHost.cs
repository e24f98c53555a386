using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Hosting;

/// <summary>
/// The web hosts of the dev server (its gRPC port and its UI port) start empty, not slim: in the host's process they
/// must not pick up the host's settings (its Kestrel endpoints, ASPNETCORE_URLS, log levels from appsettings and
/// environment variables): everything they need is in the options. They log through the caller's factory.
/// </summary>
internal static class IsolatedWebHost
{
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(IsolatedWebHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        return builder;
    }
}
