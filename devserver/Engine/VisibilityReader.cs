using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Executions;
using HelperPlatform.DevServer.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>DescribeWorkflowExecution and listing or counting executions with Temporal's list-filter syntax.</summary>
internal sealed class VisibilityReader(DevServerEngine engine)
{
    private const int DefaultPageSize = 1000;

    public DescribeWorkflowExecutionResponse Describe(DescribeWorkflowExecutionRequest request)
    {
        lock (engine.Gate)
        {
            var run = engine.RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            var response = new DescribeWorkflowExecutionResponse
            {
                ExecutionConfig = new()
                {
                    TaskQueue = run.Started.TaskQueue,
                    WorkflowExecutionTimeout = run.Started.WorkflowExecutionTimeout,
                    WorkflowRunTimeout = run.Started.WorkflowRunTimeout,
                    DefaultWorkflowTaskTimeout = run.Started.WorkflowTaskTimeout,
                },
                WorkflowExecutionInfo = Info(run),
            };
            response.PendingActivities.AddRange(run.Activities.Values.Select(PendingActivity));
            response.PendingChildren.AddRange(run.Children.Values.Select(child => new PendingChildExecutionInfo
            {
                WorkflowId = child.WorkflowId,
                RunId = child.RunId,
                WorkflowTypeName = child.WorkflowType.Name,
                InitiatedId = child.InitiatedEventId,
                ParentClosePolicy = child.ParentClosePolicy,
            }));
            if (run.WorkflowTask is { } task)
            {
                response.PendingWorkflowTask = new()
                {
                    State = task.IsStarted ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                    ScheduledTime = Timestamp.FromDateTimeOffset(task.ScheduledTime),
                    OriginalScheduledTime = Timestamp.FromDateTimeOffset(task.ScheduledTime),
                    StartedTime = task.StartedTime is { } started ? Timestamp.FromDateTimeOffset(started) : null,
                    Attempt = task.Attempt,
                };
            }
            return response;
        }
    }

    public ListWorkflowExecutionsResponse List(ListWorkflowExecutionsRequest request)
    {
        var filter = Parse(() =>
        {
            CountQuery.RefuseGrouping(request.Query);
            return ListFilter.Parse(request.Query);
        });
        var offset = DecodeOffset(request.NextPageToken);
        var pageSize = request.PageSize > 0 ? request.PageSize : DefaultPageSize;
        lock (engine.Gate)
        {
            var matches = Matching(engine.NamespaceOf(request.Namespace), filter)
                .OrderByDescending(run => run.StartTime)
                .ThenBy(run => run.RunId, StringComparer.Ordinal)
                .Skip(offset)
                .Take(pageSize + 1)
                .ToList();
            var response = new ListWorkflowExecutionsResponse();
            response.Executions.AddRange(matches.Take(pageSize).Select(Info));
            if (matches.Count > pageSize)
            {
                response.NextPageToken = Google.Protobuf.ByteString.CopyFromUtf8((offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return response;
        }
    }

    /// <summary>
    /// With <c>GROUP BY ExecutionStatus</c> the answer also has one group per status present, its value the status's
    /// short name as a Keyword payload, as the real server sends it.
    /// </summary>
    public CountWorkflowExecutionsResponse Count(CountWorkflowExecutionsRequest request)
    {
        var query = Parse(() => CountQuery.Parse(request.Query));
        lock (engine.Gate)
        {
            var statuses = Matching(engine.NamespaceOf(request.Namespace), query.Filter).Select(run => run.Status).ToList();
            var response = new CountWorkflowExecutionsResponse { Count = statuses.Count };
            if (query.GroupByStatus)
            {
                response.Groups.AddRange(statuses
                    .GroupBy(status => status)
                    .OrderBy(group => group.Key)
                    .Select(group => new CountWorkflowExecutionsResponse.Types.AggregationGroup
                    {
                        GroupValues = { KeywordPayload(group.Key.ToString()) },
                        Count = group.LongCount(),
                    }));
            }
            return response;
        }
    }

    private IEnumerable<WorkflowRun> Matching(string @namespace, ListFilter filter) =>
        engine.Store.AllRuns.Where(run => run.Namespace == @namespace && filter.Matches(Row(run)));

    private static Payload KeywordPayload(string value) => new()
    {
        Metadata =
        {
            ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain"),
            ["type"] = Google.Protobuf.ByteString.CopyFromUtf8("Keyword"),
        },
        Data = Google.Protobuf.ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(value)),
    };

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ListFilterException exception)
        {
            throw RpcErrors.InvalidArgument(exception.Message);
        }
    }

    private static int DecodeOffset(Google.Protobuf.ByteString token) =>
        token.IsEmpty ? 0
        : int.TryParse(token.ToStringUtf8(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset
        : throw RpcErrors.InvalidArgument("Malformed list page token.");

    private static ExecutionVisibility Row(WorkflowRun run) => new(
        run.WorkflowId,
        run.RunId,
        run.WorkflowType,
        run.Status,
        run.StartTime,
        run.CloseTime,
        run.ExecutionTime,
        run.TaskQueue,
        run.Started.ParentWorkflowExecution?.WorkflowId,
        run.Started.ParentWorkflowExecution?.RunId,
        run.Started.RootWorkflowExecution?.WorkflowId,
        run.Started.RootWorkflowExecution?.RunId);

    private static WorkflowExecutionInfo Info(WorkflowRun run) => new()
    {
        Execution = run.Execution,
        Type = run.Started.WorkflowType,
        StartTime = Timestamp.FromDateTimeOffset(run.StartTime),
        CloseTime = run.CloseTime is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
        Status = run.Status,
        HistoryLength = run.History.LastEventId,
        ParentExecution = run.Started.ParentWorkflowExecution,
        ExecutionTime = Timestamp.FromDateTimeOffset(run.ExecutionTime),
        Memo = run.Memo ?? new Memo(),
        SearchAttributes = run.SearchAttributes ?? new SearchAttributes(),
        TaskQueue = run.TaskQueue,
        RootExecution = run.Started.RootWorkflowExecution,
        FirstRunId = run.Started.FirstExecutionRunId,
    };

    private static PendingActivityInfo PendingActivity(ActivityState activity) => new()
    {
        ActivityId = activity.ActivityId,
        ActivityType = activity.Scheduled.ActivityType,
        State = activity.IsCancelRequested ? PendingActivityState.CancelRequested
            : activity.StartedTime is not null ? PendingActivityState.Started
            : PendingActivityState.Scheduled,
        HeartbeatDetails = activity.HeartbeatDetails,
        LastHeartbeatTime = activity.LastHeartbeatTime is { } heartbeat ? Timestamp.FromDateTimeOffset(heartbeat) : null,
        LastStartedTime = activity.StartedTime is { } started ? Timestamp.FromDateTimeOffset(started) : null,
        Attempt = activity.Attempt,
        MaximumAttempts = activity.Scheduled.RetryPolicy.MaximumAttempts,
        ScheduledTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime),
        // While it backs off, the retry is scheduled ahead, as the real server describes it.
        NextAttemptScheduleTime = activity.IsBackingOff ? Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime) : null,
        CurrentRetryInterval = activity is { IsBackingOff: true, LastAttemptCompleteTime: { } failedAt }
            ? Duration.FromTimeSpan(activity.CurrentAttemptScheduledTime - failedAt)
            : null,
        LastAttemptCompleteTime = activity.LastAttemptCompleteTime is { } completed ? Timestamp.FromDateTimeOffset(completed) : null,
        LastFailure = activity.LastFailure,
        LastWorkerIdentity = activity.StartedIdentity,
    };
}
