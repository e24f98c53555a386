namespace HelperPlatform.Activities.Platform.Partners;

/// <summary>
/// Where an external partner is and how to talk to it: configured, or the simulator the host embeds. Known only
/// once the host has started (an embedded simulator starts with it, a callback URL needs the host's own address),
/// so users wait.
/// </summary>
public class PartnerConnection<TEndpoint>
{
    private readonly TaskCompletionSource<TEndpoint> endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool UsesEmbeddedSimulator { get; private set; }

    public Task<TEndpoint> GetAsync(CancellationToken cancellationToken) => endpoint.Task.WaitAsync(cancellationToken);

    public void Connect(TEndpoint connected, bool embedded)
    {
        UsesEmbeddedSimulator = embedded;
        endpoint.TrySetResult(connected);
    }
}
