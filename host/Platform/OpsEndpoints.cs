using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Platform;

public sealed record RuntimeResponse(
    IReadOnlyList<ContextRuntime> Contexts, TemporalRuntime Temporal, bool EmbeddedDatabase, OrderStatusWaitsRuntime? OrderStatusWaits);

public sealed record ContextRuntime(string Name, string TaskQueue, string Schema, bool WorkerRunning, string? WorkerProblem);

/// <summary>Order reads waiting for a status (only where Ordering runs), and whether PostgreSQL's announcements arrive.</summary>
public sealed record OrderStatusWaitsRuntime(bool Listening, int Waiting);

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
        IServiceProvider services) =>
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
            database.IsEmbedded,
            services.GetService<OrderStatusWatch>() is { } statusWatch ? new OrderStatusWaitsRuntime(statusWatch.IsListening, statusWatch.Waiting) : null);
}
