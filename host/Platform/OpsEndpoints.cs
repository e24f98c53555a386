using System.Text.Json.Serialization;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Platform;

public sealed record RuntimeResponse(IReadOnlyList<ContextRuntime> Contexts, TemporalRuntime Temporal, bool EmbeddedDatabase)
{
    /// <summary>The reports of the contexts this process runs, each a property of its own (<see cref="IRuntimeReport"/>).</summary>
    [JsonExtensionData]
    public Dictionary<string, object> ContextReports { get; init; } = [];
}

public sealed record ContextRuntime(string Name, string TaskQueue, string Schema, bool WorkerRunning, string? WorkerProblem);

public sealed record TemporalRuntime(
    string? Address, bool Connected, bool Embedded, string? GrpcCompression, bool DetectsInvalidWorkflowCalls, string? Problem);

public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/ops").WithTags("Ops")
            .MapGet("/runtime", GetRuntime)
            .RequireRoles(PlatformRoles.Ops)
            .WithSummary("Which contexts this process runs, their task queues, schemas and workers (ops).");
        return endpoints;
    }

    private static RuntimeResponse GetRuntime(
        ContextSelection selection,
        ContextWorkerRegistry workers,
        TemporalClientProvider temporal,
        IOptions<TemporalSettings> temporalSettings,
        PlatformDatabase database,
        IEnumerable<IRuntimeReport> contextReports) =>
        new(
            [.. selection.Contexts.Select(context =>
            {
                var worker = workers.States.GetValueOrDefault(context);
                return new ContextRuntime(
                    context.ToString(), context.TaskQueue(), context.Schema(), worker?.Running ?? false, worker?.Problem);
            })],
            new TemporalRuntime(
                temporal.Address,
                temporal.IsConnected,
                temporal.UsesEmbeddedServer,
                temporal.GrpcCompression,
                temporalSettings.Value.DetectInvalidWorkflowCalls is true,
                temporal.Problem),
            database.IsEmbedded)
        {
            ContextReports = contextReports.ToDictionary(report => report.Name, report => report.Read()),
        };
}
