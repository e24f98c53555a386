using HelperPlatform.Host.Platform.Temporal;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace HelperPlatform.Host.Platform.Health;

/// <summary>
/// Ready only when the Temporal frontend answers a call right now and every selected context's worker polls.
/// </summary>
public sealed class TemporalHealthCheck(TemporalClientProvider connection, ContextWorkerRegistry workers) : IHealthCheck
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!connection.IsConnected)
        {
            return HealthCheckResult.Unhealthy(connection.Problem);
        }

        var client = await connection.GetClientAsync(cancellationToken);
        try
        {
            await client.WorkflowService.GetSystemInfoAsync(
                new GetSystemInfoRequest(), new RpcOptions { Timeout = CallTimeout, CancellationToken = cancellationToken });
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Temporal at {connection.Address} does not answer: {e.Message}");
        }

        var idle = workers.States.Where(pair => !pair.Value.Running).ToList();
        return idle.Count == 0
            ? HealthCheckResult.Healthy($"Temporal at {connection.Address} answers; {workers.States.Count} context workers poll.")
            : HealthCheckResult.Unhealthy(
                $"Temporal at {connection.Address} answers, but these workers are not polling: " +
                string.Join("; ", idle.Select(pair => $"{pair.Key} ({pair.Value.Problem})")));
    }
}
