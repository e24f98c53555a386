using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Ordering;

/// <summary>One host per test class, with the embedded contractor simulator delivering within a fraction of a second.</summary>
public sealed class OrderFlowFixture : IAsyncLifetime
{
    private PlatformHost? host;

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        host = await PlatformHost.StartAsync("Contractor:EmbeddedDeliveryDelay=00:00:00.200");
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
