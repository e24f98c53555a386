using System.Text.Json.Serialization;

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
