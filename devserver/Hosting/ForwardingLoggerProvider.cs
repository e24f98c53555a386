using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Hosting;

/// <summary>
/// Hands the dev server's web host loggers from the caller's factory, so the host's own filters (ASP.NET Core's
/// per-request information lines are far too chatty for a server answering thousands of calls a second) apply
/// before the caller's. The caller owns the factory: disposing this provider leaves it alone.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory loggerFactory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => loggerFactory.CreateLogger(categoryName);

    public void Dispose()
    {
        // Not ours to dispose.
    }
}
