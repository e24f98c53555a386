using Temporalio.Client;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>
/// The process-wide Temporal client. Connecting may take a while (or fail for good when nothing is
/// configured); callers wait for it, and health checks read its state instead of throwing.
/// </summary>
public sealed class TemporalClientProvider
{
    private readonly TaskCompletionSource<ITemporalClient> client = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int failedAttempts;

    public string? Address { get; private set; }

    /// <summary>True when the in-memory dev server runs in this process because no cluster is configured.</summary>
    public bool UsesEmbeddedServer { get; internal set; }

    /// <summary>Where the embedded dev server serves the Temporal Web UI; null without one.</summary>
    public string? WebUiUrl { get; internal set; }

    /// <summary>The gRPC compression of the calls to Temporal (<see cref="TemporalSettings.GrpcCompression"/>), once chosen.</summary>
    public string? GrpcCompression { get; internal set; }

    /// <summary>Why there is no client yet; null once connected.</summary>
    public string? Problem { get; private set; } = "Connecting to Temporal.";

    public bool IsConnected => client.Task.IsCompletedSuccessfully;

    /// <summary>True when an attempt to connect has failed and none has succeeded yet: callers need not wait.</summary>
    public bool Unreachable => !IsConnected && failedAttempts > 0;

    public Task<ITemporalClient> GetClientAsync(CancellationToken cancellationToken) => client.Task.WaitAsync(cancellationToken);

    internal void ReportProblem(string? address, string problem)
    {
        Address = address;
        Problem = problem;
        failedAttempts++;
    }

    internal void Connected(string address, ITemporalClient connectedClient)
    {
        Address = address;
        Problem = null;
        client.TrySetResult(connectedClient);
    }
}
