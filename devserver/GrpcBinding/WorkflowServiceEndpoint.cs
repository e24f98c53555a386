using Grpc.Core;
using HelperPlatform.DevServer.Engine;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// The temporal.api.workflowservice.v1.WorkflowService methods the dev server implements, each named after its
/// RPC (the binding finds them by name). It only translates between gRPC and the engine.
/// </summary>
internal sealed class WorkflowServiceEndpoint(DevServerEngine engine)
{
#pragma warning disable CA1822 // The binding finds RPC handlers as instance methods by name.
    public Task<GetSystemInfoResponse> GetSystemInfo(GetSystemInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetSystemInfoResponse
        {
            ServerVersion = ClusterCatalog.ServerVersion,
            Capabilities = new()
            {
                SignalAndQueryHeader = true,
                InternalErrorDifferentiation = true,
                ActivityFailureIncludeHeartbeat = true,
                EncodedFailureAttributes = true,
                UpsertMemo = true,
                SdkMetadata = true,
            },
        });
#pragma warning restore CA1822

    public Task<DescribeNamespaceResponse> DescribeNamespace(DescribeNamespaceRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Cluster.DescribeNamespace(request));

    public Task<ListNamespacesResponse> ListNamespaces(ListNamespacesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Cluster.ListNamespaces());

#pragma warning disable CA1822 // The binding finds RPC handlers as instance methods by name.
    public Task<GetClusterInfoResponse> GetClusterInfo(GetClusterInfoRequest request, ServerCallContext context) =>
        Task.FromResult(ClusterCatalog.GetClusterInfo());
#pragma warning restore CA1822

    public Task<DescribeTaskQueueResponse> DescribeTaskQueue(DescribeTaskQueueRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Cluster.DescribeTaskQueue(request));

    public Task<StartWorkflowExecutionResponse> StartWorkflowExecution(StartWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Starter.Start(request));

    public Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecution(
        SignalWithStartWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Starter.SignalWithStart(request));

    public Task<SignalWorkflowExecutionResponse> SignalWorkflowExecution(SignalWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Control.Signal(request));

    public Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecution(
        RequestCancelWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Control.RequestCancel(request));

    public Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecution(
        TerminateWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Control.Terminate(request));

    public Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueue(PollWorkflowTaskQueueRequest request, ServerCallContext context) =>
        engine.WorkflowTasks.PollAsync(request, context);

    public Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompleted(
        RespondWorkflowTaskCompletedRequest request, ServerCallContext context) =>
        Task.FromResult(engine.WorkflowTasks.Complete(request));

    public Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailed(
        RespondWorkflowTaskFailedRequest request, ServerCallContext context) =>
        Task.FromResult(engine.WorkflowTasks.Fail(request));

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompleted(
        RespondQueryTaskCompletedRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Queries.RespondQueryTaskCompleted(request));

    public Task<PollActivityTaskQueueResponse> PollActivityTaskQueue(PollActivityTaskQueueRequest request, ServerCallContext context) =>
        engine.Activities.PollAsync(request, context);

    public Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeat(
        RecordActivityTaskHeartbeatRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Activities.Heartbeat(request.TaskToken, request.Details));

    public Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatById(
        RecordActivityTaskHeartbeatByIdRequest request, ServerCallContext context) =>
        Task.FromResult(new RecordActivityTaskHeartbeatByIdResponse
        {
            CancelRequested = engine.Activities.HeartbeatById(request).CancelRequested,
        });

    public Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompleted(
        RespondActivityTaskCompletedRequest request, ServerCallContext context)
    {
        engine.Activities.Complete(request.TaskToken, request.Result, request.Identity);
        return Task.FromResult(new RespondActivityTaskCompletedResponse());
    }

    public Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedById(
        RespondActivityTaskCompletedByIdRequest request, ServerCallContext context)
    {
        engine.Activities.CompleteById(request);
        return Task.FromResult(new RespondActivityTaskCompletedByIdResponse());
    }

    public Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailed(RespondActivityTaskFailedRequest request, ServerCallContext context)
    {
        engine.Activities.Fail(request.TaskToken, request.Failure, request.LastHeartbeatDetails, request.Identity);
        return Task.FromResult(new RespondActivityTaskFailedResponse());
    }

    public Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedById(
        RespondActivityTaskFailedByIdRequest request, ServerCallContext context)
    {
        engine.Activities.FailById(request);
        return Task.FromResult(new RespondActivityTaskFailedByIdResponse());
    }

    public Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceled(
        RespondActivityTaskCanceledRequest request, ServerCallContext context)
    {
        engine.Activities.Cancelled(request.TaskToken, request.Details, request.Identity);
        return Task.FromResult(new RespondActivityTaskCanceledResponse());
    }

    public Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledById(
        RespondActivityTaskCanceledByIdRequest request, ServerCallContext context)
    {
        engine.Activities.CancelledById(request);
        return Task.FromResult(new RespondActivityTaskCanceledByIdResponse());
    }

    public Task<QueryWorkflowResponse> QueryWorkflow(QueryWorkflowRequest request, ServerCallContext context) =>
        engine.Queries.QueryAsync(request, context);

    public Task<UpdateWorkflowExecutionResponse> UpdateWorkflowExecution(UpdateWorkflowExecutionRequest request, ServerCallContext context) =>
        engine.Updates.UpdateAsync(request, context);

    public Task<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdate(
        PollWorkflowExecutionUpdateRequest request, ServerCallContext context) =>
        engine.Updates.PollAsync(request, context);

    public Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest request, ServerCallContext context) =>
        engine.History.GetAsync(request, context);

    public Task<GetWorkflowExecutionHistoryReverseResponse> GetWorkflowExecutionHistoryReverse(
        GetWorkflowExecutionHistoryReverseRequest request, ServerCallContext context) =>
        Task.FromResult(engine.History.GetReverse(request));

    public Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecution(
        DescribeWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Visibility.Describe(request));

    public Task<ListWorkflowExecutionsResponse> ListWorkflowExecutions(ListWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Visibility.List(request));

    public Task<CountWorkflowExecutionsResponse> CountWorkflowExecutions(CountWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Visibility.Count(request));

    /// <summary>A stopping worker's waiting polls get empty answers and its cached runs go back to the normal queue.</summary>
    public Task<ShutdownWorkerResponse> ShutdownWorker(ShutdownWorkerRequest request, ServerCallContext context)
    {
        lock (engine.Gate)
        {
            engine.Queues.ReleasePollers(request.Identity);
            if (!string.IsNullOrEmpty(request.StickyTaskQueue))
            {
                engine.WorkflowTasks.ForgetStickyQueue(request.StickyTaskQueue);
                engine.Queues.ForgetWorkflowQueue(engine.NamespaceOf(request.Namespace), request.StickyTaskQueue);
            }
        }
        return Task.FromResult(new ShutdownWorkerResponse());
    }

    /// <summary>Sends the run's next tasks to the normal queue, with full history.</summary>
    public Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueue(ResetStickyTaskQueueRequest request, ServerCallContext context)
    {
        lock (engine.Gate)
        {
            var run = engine.RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            engine.WorkflowTasks.MoveToNormalQueue(run, run.WorkflowTask);
        }
        return Task.FromResult(new ResetStickyTaskQueueResponse());
    }
}
