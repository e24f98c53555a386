using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.ErrorDetails.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// The gRPC errors the server answers with. Where the SDK expects a typed detail (already started, query failed)
/// it travels in the standard grpc-status-details-bin trailer, as the real server sends it.
/// </summary>
internal static class RpcErrors
{
    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException WorkflowNotFound(string workflowId, string? runId) =>
        NotFound($"Workflow execution not found. WorkflowId: {workflowId}, RunId: {runId}.");

    public static RpcException WorkflowClosed() => NotFound("Workflow execution already completed.");

    public static RpcException AlreadyStarted(string workflowId, string runId, string startRequestId) => WithDetail(
        StatusCode.AlreadyExists,
        $"Workflow execution is already running. WorkflowId: {workflowId}, RunId: {runId}.",
        new WorkflowExecutionAlreadyStartedFailure { StartRequestId = startRequestId, RunId = runId });

    public static RpcException AlreadyClosedWithSameId(string workflowId, string runId, string startRequestId) => WithDetail(
        StatusCode.AlreadyExists,
        $"Workflow execution already finished and the id reuse policy forbids a new run. WorkflowId: {workflowId}, RunId: {runId}.",
        new WorkflowExecutionAlreadyStartedFailure { StartRequestId = startRequestId, RunId = runId });

    public static RpcException QueryFailed(string message, Temporalio.Api.Failure.V1.Failure? failure) => WithDetail(
        StatusCode.InvalidArgument, message, new QueryFailedFailure { Failure = failure });

    private static RpcException WithDetail(StatusCode code, string message, IMessage detail)
    {
        var status = new GrpcStatus { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(detail));
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Status(code, message), trailers);
    }
}
