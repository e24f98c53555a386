using System.Diagnostics;
using Grpc.Core;
using HelperPlatform.DevServer.Matching;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// How a task queue poll waits: until shortly before the caller's deadline, at most a minute, for an item that
/// still turns into a task when taken.
/// </summary>
internal static class LongPoll
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(1);

    public static TimeSpan TimeoutFor(ServerCallContext context)
    {
        if (context.Deadline == DateTime.MaxValue)
        {
            return Longest;
        }
        var untilDeadline = context.Deadline - DateTime.UtcNow - AnswerMargin;
        return untilDeadline < TimeSpan.Zero ? TimeSpan.Zero : untilDeadline > Longest ? Longest : untilDeadline;
    }

    /// <summary>
    /// Takes items from the queue until <paramref name="tryStart"/> (run under the gate) turns one into a task; null
    /// when the poll times out or the caller goes away first. An item taken while the caller was going away goes
    /// back to the front of the queue, so no task is handed to a poller that is gone.
    /// </summary>
    public static async Task<TResponse?> TakeTaskAsync<TItem, TResponse>(
        TaskQueue<TItem> queue, object gate, string identity, ServerCallContext context, Func<TItem, TResponse?> tryStart)
        where TItem : class
        where TResponse : class
    {
        var pollTimeout = TimeoutFor(context);
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < pollTimeout)
        {
            var item = await queue.TakeAsync(identity, pollTimeout - elapsed.Elapsed, context.CancellationToken);
            if (item is null)
            {
                break;
            }
            lock (gate)
            {
                if (context.CancellationToken.IsCancellationRequested)
                {
                    queue.ReturnToFront(item);
                    break;
                }
                if (tryStart(item) is { } response)
                {
                    return response;
                }
            }
        }
        return null;
    }
}
