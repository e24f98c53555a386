using Grpc.Core;

namespace HelperPlatform.DevServer.Engine;

/// <summary>How long a long poll may hold a call: until shortly before the caller's deadline, at most a minute.</summary>
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
}
