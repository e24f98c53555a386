using System.Security.Cryptography;
using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Contractor;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Warehouse;

/// <summary>
/// Connects the Warehouse context to the cookie contractor: the configured one, or (when no URL is
/// configured) the simulator started in-process, as the host does for PostgreSQL and Temporal. The
/// connection is complete once the host listens, because the callback URL is the host's own address.
/// </summary>
public sealed class ContractorConnectionService(
    ContractorConnection connection,
    IOptions<ContractorSettings> settings,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    ILogger<ContractorConnectionService> logger) : IHostedService, IAsyncDisposable
{
    private CookieContractorSimulator? embedded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = settings.Value;
        Uri baseUrl;
        string secret;
        if (string.IsNullOrWhiteSpace(configured.BaseUrl))
        {
            secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            embedded = await CookieContractorSimulator.StartAsync(
                new SimulatorOptions { WebhookSecret = secret, DeliveryDelay = configured.EmbeddedDeliveryDelay, LoggerFactory = loggerFactory },
                cancellationToken);
            baseUrl = embedded.Address;
            logger.LogWarning(
                "Contractor:BaseUrl is not configured, so the cookie contractor simulator runs in-process at {Address}; not for production",
                baseUrl);
        }
        else
        {
            baseUrl = new Uri(configured.BaseUrl);
            secret = string.IsNullOrWhiteSpace(configured.WebhookSecret)
                ? throw new InvalidOperationException("Contractor:WebhookSecret is required when Contractor:BaseUrl is set: it verifies the contractor's callbacks.")
                : configured.WebhookSecret;
        }

        lifetime.ApplicationStarted.Register(() =>
            connection.Connect(new ContractorEndpoint(baseUrl, secret, CallbackUrl(configured.CallbackUrl)), embedded is not null));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (embedded is not null)
        {
            await embedded.DisposeAsync();
            embedded = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>The configured URL, or the webhook on this host's own address.</summary>
    private Uri CallbackUrl(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? OwnAddress.Of(server, DeliveryWebhookEndpoints.Path, "Contractor:CallbackUrl") : new Uri(configured);
}
