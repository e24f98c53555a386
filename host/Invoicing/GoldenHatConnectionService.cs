using System.Security.Cryptography;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// Connects the Invoicing context to Golden Hat: the configured one, or (when no URL is configured) the
/// simulator started in-process with generated secrets, whose webhooks go to this host once it listens.
/// </summary>
public sealed class GoldenHatConnectionService(
    GoldenHatConnection connection,
    IOptions<GoldenHatSettings> settings,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    ILogger<GoldenHatConnectionService> logger) : IHostedService, IAsyncDisposable
{
    private GoldenHatSimulator? embedded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = settings.Value;
        if (!string.IsNullOrWhiteSpace(configured.BaseUrl))
        {
            if (string.IsNullOrWhiteSpace(configured.ApiKey) || string.IsNullOrWhiteSpace(configured.WebhookSecret))
            {
                throw new InvalidOperationException("GoldenHat:ApiKey and GoldenHat:WebhookSecret are required when GoldenHat:BaseUrl is set.");
            }

            connection.Connect(new GoldenHatEndpoint(new Uri(configured.BaseUrl), configured.ApiKey, configured.WebhookSecret), embedded: false);
            return;
        }

        var apiKey = "gh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        embedded = await GoldenHatSimulator.StartAsync(
            new GoldenHatOptions { ApiKey = apiKey, WebhookSecret = secret, ProcessingDelay = configured.EmbeddedProcessingDelay, LoggerFactory = loggerFactory },
            cancellationToken);
        logger.LogWarning("GoldenHat:BaseUrl is not configured, so the Golden Hat simulator runs in-process at {Address}; not for production", embedded.Address);
        var simulator = embedded;
        lifetime.ApplicationStarted.Register(() =>
        {
            simulator.Webhooks.Endpoint = string.IsNullOrWhiteSpace(configured.WebhookUrl)
                ? OwnAddress.Of(server, PaymentWebhookEndpoints.Path, "GoldenHat:WebhookUrl")
                : new Uri(configured.WebhookUrl);
            connection.Connect(new GoldenHatEndpoint(simulator.Address, apiKey, secret), embedded: true);
        });
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
}
