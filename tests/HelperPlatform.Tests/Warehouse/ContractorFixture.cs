using HelperPlatform.Contractor;
using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Warehouse;

/// <summary>The cookie contractor simulator as a separate service, and a host configured to use it by URL.</summary>
public sealed class ContractorFixture : IAsyncLifetime
{
    public const string WebhookSecret = "test-webhook-secret-shared-with-the-contractor";

    private CookieContractorSimulator? contractor;
    private PlatformHost? host;

    public CookieContractorSimulator Contractor => contractor ?? throw new InvalidOperationException("The contractor has not started.");

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        contractor = await CookieContractorSimulator.StartAsync(new SimulatorOptions { WebhookSecret = WebhookSecret, DeliveryDelay = TimeSpan.FromMilliseconds(100) });
        host = await PlatformHost.StartAsync($"Contractor:BaseUrl={contractor.Address}", $"Contractor:WebhookSecret={WebhookSecret}");
        await host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (contractor is not null)
        {
            await contractor.DisposeAsync();
        }
    }
}
