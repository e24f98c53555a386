using Grpc.Core;
using Grpc.Core.Interceptors;
using HelperPlatform.DevServer.Engine;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// On a durable server, answers a call (an error too: a refused completion writes its failure) only once every
/// change made so far, the call's own included, is committed to the database; a workflow task poll waits for less
/// (see WorkflowTaskDispatcher.PollAsync).
/// </summary>
internal sealed class DurableAnswerInterceptor(DevServerEngine engine) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is PollWorkflowTaskQueueRequest)
        {
            // It waits for the changes its task was made from itself (WorkflowTaskDispatcher.PollAsync).
            return await continuation(request, context);
        }
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            await engine.FlushAsync();
        }
    }
}
