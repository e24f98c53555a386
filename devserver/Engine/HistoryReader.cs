using System.Buffers.Binary;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// GetWorkflowExecutionHistory: paging, long polls for new events (wait_new_event) and the close-event filter
/// that SDK clients use to wait for a workflow's result; and GetWorkflowExecutionHistoryReverse, newest event first.
/// </summary>
internal sealed class HistoryReader(DevServerEngine engine)
{
    public async Task<GetWorkflowExecutionHistoryResponse> GetAsync(GetWorkflowExecutionHistoryRequest request, ServerCallContext context)
    {
        var closeEventOnly = request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent;
        var firstEventId = DecodePageToken(request.NextPageToken);
        var timeout = LongPoll.TimeoutFor(context);
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (engine.Gate)
            {
                var run = engine.RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
                var events = run.History.Events;
                if (closeEventOnly && !run.IsOpen)
                {
                    return Page([events[^1]], nextEventId: null);
                }
                if (!closeEventOnly && events.Count >= firstEventId)
                {
                    var available = events.Count - (int)firstEventId + 1;
                    var take = request.MaximumPageSize > 0 ? Math.Min(request.MaximumPageSize, available) : available;
                    var nextEventId = firstEventId + take;
                    var moreToCome = nextEventId <= events.Count || (run.IsOpen && request.WaitNewEvent);
                    return Page(events.Skip((int)firstEventId - 1).Take(take), moreToCome ? nextEventId : null);
                }
                if (!run.IsOpen || !request.WaitNewEvent)
                {
                    return Page([], nextEventId: null);
                }
                changed = closeEventOnly ? run.History.Closed : run.History.Changed;
            }
            var remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return Page([], firstEventId);
            }
            try
            {
                await changed.WaitAsync(remaining, context.CancellationToken);
            }
            catch (TimeoutException)
            {
                // The poll is over: an empty page with a token tells the caller to ask again.
                return Page([], firstEventId);
            }
        }
    }

    /// <summary>
    /// Pages from the newest event back to the first, as of the first call: the token holds the id of the event the
    /// next page starts at, so events written meanwhile do not shift later pages.
    /// </summary>
    public GetWorkflowExecutionHistoryReverseResponse GetReverse(GetWorkflowExecutionHistoryReverseRequest request)
    {
        lock (engine.Gate)
        {
            var run = engine.RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            var events = run.History.Events;
            var newest = request.NextPageToken.IsEmpty ? events.Count : Math.Min(DecodePageToken(request.NextPageToken), events.Count);
            var take = request.MaximumPageSize > 0 ? Math.Min(request.MaximumPageSize, (int)newest) : (int)newest;
            var response = new GetWorkflowExecutionHistoryReverseResponse { History = new History() };
            for (var eventId = newest; eventId > newest - take; eventId--)
            {
                response.History.Events.Add(events[(int)eventId - 1]);
            }
            if (newest - take >= 1)
            {
                response.NextPageToken = EncodePageToken(newest - take);
            }
            return response;
        }
    }

    private static GetWorkflowExecutionHistoryResponse Page(IEnumerable<HistoryEvent> events, long? nextEventId)
    {
        var response = new GetWorkflowExecutionHistoryResponse { History = new History() };
        response.History.Events.AddRange(events);
        if (nextEventId is { } next)
        {
            response.NextPageToken = EncodePageToken(next);
        }
        return response;
    }

    private static ByteString EncodePageToken(long eventId)
    {
        var token = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(token, eventId);
        return ByteString.CopyFrom(token);
    }

    private static long DecodePageToken(ByteString token)
    {
        if (token.IsEmpty)
        {
            return 1;
        }
        if (token.Length != sizeof(long))
        {
            throw RpcErrors.InvalidArgument("Malformed history page token.");
        }
        return Math.Max(1, BinaryPrimitives.ReadInt64BigEndian(token.Span));
    }
}
