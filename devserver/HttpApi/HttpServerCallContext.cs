using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace HelperPlatform.DevServer.HttpApi;

/// <summary>
/// The call context an RPC handler sees when it is called through the HTTP API: the HTTP request's cancellation,
/// no deadline (so a long poll waits its usual longest), and nothing of gRPC's metadata.
/// </summary>
internal sealed class HttpServerCallContext(HttpContext http, string method) : ServerCallContext
{
    private readonly Metadata responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => http.Request.Host.Value ?? string.Empty;

    protected override string PeerCore => http.Connection.RemoteIpAddress?.ToString() ?? string.Empty;

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => http.RequestAborted;

    protected override Metadata ResponseTrailersCore => responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("Calls made through the HTTP API do not propagate to other calls.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
