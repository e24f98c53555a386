using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HelperPlatform.DevServer.Engine;
using Temporalio.Api.TestService.V1;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// The temporal.api.testservice.v1.TestService methods, so a client in another process controls virtual time
/// the way it would with the Temporal test server.
/// </summary>
internal sealed class TestServiceEndpoint(DevServerEngine engine)
{
    public Task<LockTimeSkippingResponse> LockTimeSkipping(LockTimeSkippingRequest request, ServerCallContext context)
    {
        RequireTimeSkipping();
        engine.Skipping.Lock();
        return Task.FromResult(new LockTimeSkippingResponse());
    }

    public Task<UnlockTimeSkippingResponse> UnlockTimeSkipping(UnlockTimeSkippingRequest request, ServerCallContext context)
    {
        RequireTimeSkipping();
        Unlock();
        return Task.FromResult(new UnlockTimeSkippingResponse());
    }

    public async Task<SleepResponse> Sleep(SleepRequest request, ServerCallContext context)
    {
        await engine.SleepUntilAsync(engine.Now + (request.Duration?.ToTimeSpan() ?? TimeSpan.Zero), context.CancellationToken);
        return new SleepResponse();
    }

    public async Task<SleepResponse> SleepUntil(SleepUntilRequest request, ServerCallContext context)
    {
        await engine.SleepUntilAsync(request.Timestamp?.ToDateTimeOffset() ?? engine.Now, context.CancellationToken);
        return new SleepResponse();
    }

    public async Task<SleepResponse> UnlockTimeSkippingWithSleep(SleepRequest request, ServerCallContext context)
    {
        RequireTimeSkipping();
        var wakeAt = engine.Now + (request.Duration?.ToTimeSpan() ?? TimeSpan.Zero);
        Unlock();
        try
        {
            await engine.SleepUntilAsync(wakeAt, context.CancellationToken);
        }
        finally
        {
            engine.Skipping.Lock();
        }
        return new SleepResponse();
    }

    public Task<GetCurrentTimeResponse> GetCurrentTime(Empty request, ServerCallContext context) =>
        Task.FromResult(new GetCurrentTimeResponse { Time = Timestamp.FromDateTimeOffset(engine.Now) });

    private void Unlock()
    {
        try
        {
            engine.Skipping.Unlock();
        }
        catch (InvalidOperationException exception)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message));
        }
        engine.NotifyProgress();
    }

    private void RequireTimeSkipping()
    {
        if (!engine.Skipping.Enabled)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "The dev server runs without time skipping (start it with --time-skipping)."));
        }
    }
}
