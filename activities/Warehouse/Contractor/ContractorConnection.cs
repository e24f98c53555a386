namespace HelperPlatform.Activities.Warehouse.Contractor;

/// <summary>
/// Where the cookie contractor is and how its callbacks are signed: configured, or the simulator the host
/// embeds. Known only once the host has started (the callback URL needs the host's own address), so users wait.
/// </summary>
public sealed class ContractorConnection
{
    private readonly TaskCompletionSource<ContractorEndpoint> endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool UsesEmbeddedSimulator { get; private set; }

    public Task<ContractorEndpoint> GetAsync(CancellationToken cancellationToken) => endpoint.Task.WaitAsync(cancellationToken);

    public void Connect(ContractorEndpoint connected, bool embedded)
    {
        UsesEmbeddedSimulator = embedded;
        endpoint.TrySetResult(connected);
    }
}

/// <param name="BaseUrl">The contractor's API.</param>
/// <param name="WebhookSecret">The shared secret of the callbacks' HMAC-SHA256 signatures.</param>
/// <param name="CallbackUrl">The platform's delivery webhook, sent with every purchase order.</param>
public sealed record ContractorEndpoint(Uri BaseUrl, string WebhookSecret, Uri CallbackUrl);
