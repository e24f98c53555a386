namespace HelperPlatform.Activities.Invoicing.Payments;

/// <summary>
/// Where Golden Hat is and the secrets of talking to it: configured, or the simulator the host embeds. Known
/// only once the host has started (the embedded simulator starts with it), so users wait.
/// </summary>
public sealed class GoldenHatConnection
{
    private readonly TaskCompletionSource<GoldenHatEndpoint> endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool UsesEmbeddedSimulator { get; private set; }

    public Task<GoldenHatEndpoint> GetAsync(CancellationToken cancellationToken) => endpoint.Task.WaitAsync(cancellationToken);

    public void Connect(GoldenHatEndpoint connected, bool embedded)
    {
        UsesEmbeddedSimulator = embedded;
        endpoint.TrySetResult(connected);
    }
}

/// <param name="BaseUrl">Golden Hat's API.</param>
/// <param name="ApiKey">Sent as the bearer token of every request.</param>
/// <param name="WebhookSecret">The shared secret of the webhooks' HMAC-SHA256 signatures.</param>
public sealed record GoldenHatEndpoint(Uri BaseUrl, string ApiKey, string WebhookSecret);
