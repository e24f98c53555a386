using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>One host for an invoicing test class: 19 % tax on every line, the contractor delivering at once.</summary>
public sealed class InvoicingFixture : IAsyncLifetime
{
    public const decimal TaxRate = 0.19m;

    private PlatformHost? host;

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        host = await PlatformHost.StartAsync("Contractor:EmbeddedDeliveryDelay=00:00:00.200", $"Invoicing:TaxRate={TaxRate}");
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
