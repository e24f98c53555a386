using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Platform;

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
