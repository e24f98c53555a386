namespace HelperPlatform.DevServer.Matching;

/// <summary>
/// One task queue: a backlog of tasks and the long polls waiting for them. A task goes straight to the oldest
/// waiting poller when there is one. All members except <see cref="TakeAsync"/> are called under the engine gate.
/// </summary>
internal sealed class TaskQueue<TTask>(object gate, TimeProvider wallClock)
    where TTask : class
{
    /// <summary>How long a worker counts as polling after its last poll began, as the real server's poller history keeps it.</summary>
    private static readonly TimeSpan PollerHistoryTtl = TimeSpan.FromMinutes(5);

    private readonly LinkedList<TTask> backlog = new();
    private readonly LinkedList<Poller> pollers = new();
    private readonly Dictionary<string, DateTimeOffset> lastPollByIdentity = [];

    /// <summary>The workers that began a poll within the last five minutes, with when they last did, most recent first.</summary>
    public IReadOnlyList<(string Identity, DateTimeOffset LastAccessTime)> RecentPollers()
    {
        var since = wallClock.GetUtcNow() - PollerHistoryTtl;
        foreach (var stale in lastPollByIdentity.Where(entry => entry.Value < since).Select(entry => entry.Key).ToList())
        {
            lastPollByIdentity.Remove(stale);
        }
        return lastPollByIdentity.OrderByDescending(entry => entry.Value).Select(entry => (entry.Key, entry.Value)).ToList();
    }

    public void Add(TTask task)
    {
        while (pollers.First is { } oldest)
        {
            pollers.RemoveFirst();
            if (oldest.Value.Completion.TrySetResult(task))
            {
                return;
            }
        }
        backlog.AddLast(task);
    }

    /// <summary>Puts back a task whose poller went away before it could be handed over, keeping its place.</summary>
    public void ReturnToFront(TTask task)
    {
        if (pollers.Count > 0)
        {
            Add(task);
            return;
        }
        backlog.AddFirst(task);
    }

    /// <summary>Answers every waiting poller of <paramref name="identity"/> with no task, as when its worker stops.</summary>
    public void ReleasePollers(string identity)
    {
        for (var node = pollers.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Identity == identity)
            {
                pollers.Remove(node);
                node.Value.Completion.TrySetResult(null);
            }
            node = next;
        }
    }

    /// <summary>
    /// Waits for a task. Returns null when <paramref name="pollTimeout"/> passes first, like the real server's empty
    /// poll answer; throws when the caller goes away.
    /// </summary>
    public async Task<TTask?> TakeAsync(string identity, TimeSpan pollTimeout, CancellationToken callerGone)
    {
        var poller = new Poller(identity);
        LinkedListNode<Poller> node;
        lock (gate)
        {
            lastPollByIdentity[identity] = wallClock.GetUtcNow();
            if (backlog.First is { } queued)
            {
                backlog.RemoveFirst();
                return queued.Value;
            }
            node = pollers.AddLast(poller);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(callerGone);
        timeout.CancelAfter(pollTimeout);
        await using (timeout.Token.Register(() => AbandonPoll(node)))
        {
            return await poller.Completion.Task;
        }
    }

    private void AbandonPoll(LinkedListNode<Poller> node)
    {
        lock (gate)
        {
            if (node.List is not null)
            {
                pollers.Remove(node);
            }
        }
        node.Value.Completion.TrySetResult(null);
    }

    private sealed class Poller(string identity)
    {
        public string Identity { get; } = identity;

        public TaskCompletionSource<TTask?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
