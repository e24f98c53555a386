namespace HelperPlatform.Tests.Infrastructure;

/// <summary>One host for a test class, started with the class's <paramref name="settings"/> (section:key=value) and ready.</summary>
public abstract class ConfiguredHostFixture(params string[] settings) : IAsyncLifetime
{
    private PlatformHost? host;

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        host = await PlatformHost.StartAsync(settings);
        await host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
