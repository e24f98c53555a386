using System.Collections.Concurrent;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>What each context's Temporal worker is doing right now, for readiness and ops.</summary>
public sealed class ContextWorkerRegistry
{
    private readonly ConcurrentDictionary<BoundedContext, WorkerState> states = new();

    public IReadOnlyDictionary<BoundedContext, WorkerState> States => states;

    internal void Report(BoundedContext context, WorkerState state) => states[context] = state;
}

public sealed record WorkerState(string TaskQueue, bool Running, string? Problem);
