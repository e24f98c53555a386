namespace HelperPlatform.Tests.Infrastructure;

/// <summary>One host with all contexts and its own database per test class.</summary>
public sealed class PlatformHostFixture : IAsyncLifetime
{
    private PlatformHost? host;

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await PlatformHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
