using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// The worker answering a workflow task, and the activity tasks it asked to run eagerly: they go back to it in the
/// answer itself, sparing it a poll and the server a trip through the task queue.
/// </summary>
internal sealed class CompletingWorker(string identity)
{
    public string Identity { get; } = identity;

    public List<PollActivityTaskQueueResponse> EagerActivityTasks { get; } = [];
}
