using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>A URL on this host, for a partner to call back when none is configured (known once the host listens).</summary>
public static class OwnAddress
{
    /// <summary><paramref name="path"/> on this host's first address (a wildcard host becomes localhost).</summary>
    /// <param name="setting">The setting that would configure the URL instead, named in the error.</param>
    public static Uri Of(IServer server, string path, string setting)
    {
        ArgumentNullException.ThrowIfNull(server);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"The host listens nowhere, so set {setting}.");
        var listening = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (listening.Host is "0.0.0.0" or "[::]")
        {
            listening.Host = "localhost";
        }

        listening.Path = path;
        return listening.Uri;
    }
}
