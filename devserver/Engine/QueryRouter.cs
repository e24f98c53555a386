using Grpc.Core;
using HelperPlatform.DevServer.Executions;
using HelperPlatform.DevServer.Matching;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Routes client queries to workers. A query rides in the run's pending workflow task when there is one (and is
/// answered in its completion); otherwise it becomes a legacy query task, answered by RespondQueryTaskCompleted.
/// </summary>
internal sealed class QueryRouter(DevServerEngine engine)
{
    private readonly Dictionary<string, PendingQuery> legacyTasks = [];

    public async Task<QueryWorkflowResponse> QueryAsync(QueryWorkflowRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.Query?.QueryType))
        {
            throw RpcErrors.InvalidArgument("QueryType is not set on request.");
        }
        PendingQuery pending;
        lock (engine.Gate)
        {
            var run = engine.RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            if (IsRejected(run, request.QueryRejectCondition))
            {
                return new QueryWorkflowResponse { QueryRejected = new() { Status = run.Status } };
            }
            pending = new PendingQuery(run, request.Query);
            if (run.IsOpen && run.WorkflowTask is not null)
            {
                run.QueriesAwaitingTask.Add(pending);
            }
            else
            {
                DispatchLegacy(pending);
            }
        }

        WorkflowQueryResult result;
        try
        {
            result = await pending.Answer.Task.WaitAsync(LongPoll.TimeoutFor(context), context.CancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            lock (engine.Gate)
            {
                Withdraw(pending);
            }
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "No worker answered the query in time."));
        }
        if (result.ResultType == QueryResultType.Failed)
        {
            throw RpcErrors.QueryFailed(result.ErrorMessage, result.Failure);
        }
        return new QueryWorkflowResponse { QueryResult = result.Answer };
    }

    public RespondQueryTaskCompletedResponse RespondQueryTaskCompleted(RespondQueryTaskCompletedRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.QueryTask);
        lock (engine.Gate)
        {
            if (!legacyTasks.Remove(token.QueryId, out var pending))
            {
                throw RpcErrors.NotFound("Query task not found: its caller gave up waiting.");
            }
            pending.Answer.TrySetResult(new WorkflowQueryResult
            {
                ResultType = request.CompletedType,
                Answer = request.QueryResult,
                ErrorMessage = request.ErrorMessage,
                Failure = request.Failure,
            });
            ReleaseFromWorker(pending);
            engine.NotifyProgress();
            return new RespondQueryTaskCompletedResponse();
        }
    }

    /// <summary>Hands the run's waiting queries to the workflow task being started. Call under the gate.</summary>
    public static void CarryInto(WorkflowRun run, WorkflowTaskState task, PollWorkflowTaskQueueResponse response)
    {
        foreach (var pending in run.QueriesAwaitingTask)
        {
            task.CarriedQueries.Add(pending);
            response.Queries.Add(pending.Id, pending.Query);
        }
        run.QueriesAwaitingTask.Clear();
    }

    /// <summary>Answers the queries a completed workflow task carried. Call under the gate.</summary>
    public static void AnswerCarried(WorkflowTaskState task, IDictionary<string, WorkflowQueryResult> results)
    {
        foreach (var pending in task.CarriedQueries)
        {
            if (results.TryGetValue(pending.Id, out var result))
            {
                pending.Answer.TrySetResult(result);
            }
        }
    }

    /// <summary>Gives the queries an ended task left unanswered back to the run. Call under the gate.</summary>
    public static void ReturnUnanswered(WorkflowRun run, WorkflowTaskState task)
    {
        run.QueriesAwaitingTask.AddRange(task.CarriedQueries.Where(pending => !pending.Answer.Task.IsCompleted));
        task.CarriedQueries.Clear();
    }

    /// <summary>Sends the run's waiting queries as legacy query tasks, as no workflow task will carry them.</summary>
    public void DispatchAsLegacyTasks(WorkflowRun run)
    {
        foreach (var pending in run.QueriesAwaitingTask)
        {
            DispatchLegacy(pending);
        }
        run.QueriesAwaitingTask.Clear();
    }

    /// <summary>Builds the poll answer for a legacy query task, or null when it no longer needs one. Call under the gate.</summary>
    public PollWorkflowTaskQueueResponse? StartLegacyQueryTask(PendingQuery pending)
    {
        if (pending.Answer.Task.IsCompleted || !legacyTasks.ContainsKey(pending.Id))
        {
            return null;
        }
        var run = pending.Run;
        if (run.IsOpen && run.WorkflowTask is not null)
        {
            // A workflow task became due meanwhile; it carries the query instead.
            legacyTasks.Remove(pending.Id);
            run.QueriesAwaitingTask.Add(pending);
            return null;
        }
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.QueryTask, run.RunId, TaskId: 0, QueryId: pending.Id).ToByteString(),
            WorkflowExecution = run.Execution,
            WorkflowType = run.Started.WorkflowType,
            PreviousStartedEventId = run.LastCompletedTaskStartedEventId,
            StartedEventId = run.LastCompletedTaskStartedEventId,
            Attempt = 1,
            Query = pending.Query,
            History = new History(),
            WorkflowExecutionTaskQueue = run.Started.TaskQueue,
        };
        // The history is sent as it is, ending without a started workflow task, as the real server does. A made-up
        // Scheduled and Started pair would take the event ids of the run's next real workflow task: a worker that
        // has the run cached takes those events in, then skips the real task's events and never applies the update
        // requests that task carries.
        response.History.Events.AddRange(run.History.Events);
        if (run.IsOpen)
        {
            run.LegacyQueriesWithWorker.Add(pending);
        }
        return response;
    }

    private void DispatchLegacy(PendingQuery pending)
    {
        legacyTasks[pending.Id] = pending;
        var run = pending.Run;
        engine.Queues.Workflow(run.Namespace, run.TaskQueue).Add(new WorkflowQueueItem(run, TaskSequence: -1, pending));
    }

    private void Withdraw(PendingQuery pending)
    {
        legacyTasks.Remove(pending.Id);
        pending.Run.QueriesAwaitingTask.Remove(pending);
        pending.Answer.TrySetCanceled();
        ReleaseFromWorker(pending);
    }

    /// <summary>Once the last legacy query task of the run is answered or given up, its held workflow task goes out.</summary>
    private void ReleaseFromWorker(PendingQuery pending)
    {
        var run = pending.Run;
        if (run.LegacyQueriesWithWorker.Remove(pending) && run.LegacyQueriesWithWorker.Count == 0 && run.TaskHeldForLegacyQueries is { } held)
        {
            run.TaskHeldForLegacyQueries = null;
            engine.WorkflowTasks.Requeue(held);
        }
    }

    private static bool IsRejected(WorkflowRun run, QueryRejectCondition condition) => condition switch
    {
        QueryRejectCondition.NotOpen => !run.IsOpen,
        QueryRejectCondition.NotCompletedCleanly => !run.IsOpen && run.Status != WorkflowExecutionStatus.Completed,
        _ => false,
    };
}
