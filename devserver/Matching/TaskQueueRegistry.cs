using HelperPlatform.DevServer.Executions;

namespace HelperPlatform.DevServer.Matching;

/// <summary>
/// A workflow-queue entry: a run's workflow task, or a legacy query task when <see cref="Query"/> is set. A task on
/// a worker's sticky queue carries only the events that worker has not seen yet.
/// </summary>
internal sealed record WorkflowQueueItem(WorkflowRun Run, long TaskSequence, PendingQuery? Query = null, bool IsSticky = false);

/// <summary>An activity-queue entry: one attempt of one activity.</summary>
internal sealed record ActivityQueueItem(WorkflowRun Run, ActivityState Activity, int Attempt);

/// <summary>
/// The workflow and activity task queues by namespace and name, created on first use. A worker's sticky queue is
/// just another workflow queue, named by the worker.
/// </summary>
internal sealed class TaskQueueRegistry(object gate, TimeProvider wallClock)
{
    private readonly Dictionary<(string Namespace, string Name), TaskQueue<WorkflowQueueItem>> workflowQueues = [];
    private readonly Dictionary<(string Namespace, string Name), TaskQueue<ActivityQueueItem>> activityQueues = [];

    /// <summary>Call under the gate.</summary>
    public TaskQueue<WorkflowQueueItem> Workflow(string @namespace, string name) => GetOrAdd(workflowQueues, @namespace, name);

    /// <summary>Call under the gate.</summary>
    public TaskQueue<ActivityQueueItem> Activity(string @namespace, string name) => GetOrAdd(activityQueues, @namespace, name);

    /// <summary>Drops a stopped worker's sticky queue, so a server that sees many workers come and go does not keep them all.</summary>
    public void ForgetWorkflowQueue(string @namespace, string name) => workflowQueues.Remove((@namespace, name));

    /// <summary>Answers the waiting polls of a stopping worker with no task. Call under the gate.</summary>
    public void ReleasePollers(string identity)
    {
        foreach (var queue in workflowQueues.Values)
        {
            queue.ReleasePollers(identity);
        }
        foreach (var queue in activityQueues.Values)
        {
            queue.ReleasePollers(identity);
        }
    }

    private TaskQueue<TItem> GetOrAdd<TItem>(
        Dictionary<(string Namespace, string Name), TaskQueue<TItem>> queues, string @namespace, string name)
        where TItem : class
    {
        if (!queues.TryGetValue((@namespace, name), out var queue))
        {
            queue = new TaskQueue<TItem>(gate, wallClock);
            queues.Add((@namespace, name), queue);
        }
        return queue;
    }
}
