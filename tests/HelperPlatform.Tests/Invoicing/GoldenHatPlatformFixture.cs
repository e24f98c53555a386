using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Golden Hat as a separate service, and a host configured to use it by URL, receiving its webhooks.</summary>
public class GoldenHatPlatformFixture : IAsyncLifetime
{
    public const string ApiKey = "gh_platform_test_key";
    public const string WebhookSecret = "gh-platform-test-webhook-secret";

    private readonly string[] settings;
    private GoldenHatSimulator? simulator;
    private PlatformHost? host;

    public GoldenHatPlatformFixture()
        : this([])
    {
    }

    /// <param name="settings">The host's configuration on top of Golden Hat's, as <c>key=value</c>.</param>
    protected GoldenHatPlatformFixture(params string[] settings) => this.settings = settings;

    public GoldenHatSimulator Simulator => simulator ?? throw new InvalidOperationException("Golden Hat has not started.");

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        simulator = await GoldenHatSimulator.StartAsync(new GoldenHatOptions
        {
            ApiKey = ApiKey,
            WebhookSecret = WebhookSecret,
            ProcessingDelay = TimeSpan.FromMilliseconds(100),
            WebhookFirstRetryDelay = TimeSpan.FromMilliseconds(50),
        });
        host = await PlatformHost.StartAsync(
            [$"GoldenHat:BaseUrl={simulator.Address}", $"GoldenHat:ApiKey={ApiKey}", $"GoldenHat:WebhookSecret={WebhookSecret}", "GoldenHat:AttemptTimeout=00:00:01", .. settings]);
        simulator.Webhooks.Endpoint = new Uri(host.Address, PaymentWebhookEndpoints.Path);
        await host.WaitUntilReadyAsync();
    }

    /// <summary>Runs one payment activity as the Invoicing worker would, with the host's client and resilience pipeline.</summary>
    public async Task<T> RunAsync<T>(Func<IPaymentActivities, Task<T>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await using var scope = Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<PaymentActivities>();
        return await new ActivityEnvironment().RunAsync(() => activity(activities));
    }

    public static ChargeCommand Charge(string reference, decimal amount = 100.00m, string token = TestTokens.Succeeds) =>
        new($"charge-{Guid.NewGuid():N}", token, "EUR", amount, reference, "Invoice 2026-000001");

    /// <summary>Waits until Golden Hat has decided the charge (whatever the webhooks do).</summary>
    public async Task<PaymentOutcome> DecidedChargeAsync(string chargeId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var charge = await RunAsync(payments => payments.GetChargeAsync(chargeId));
            if (charge.Status != PaymentStatus.Pending)
            {
                return charge;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Charge {chargeId} stayed pending.");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }
    }
}

/// <summary>
/// The same, with <see cref="InvoicingFixture.TaxRate"/> on every invoice line, and refunds that were stored but never
/// started looked for every second.
/// </summary>
public sealed class TaxedGoldenHatPlatformFixture()
    : GoldenHatPlatformFixture($"Invoicing:TaxRate={InvoicingFixture.TaxRate}", "Invoicing:UnstartedRefunds:CheckInterval=00:00:01");
