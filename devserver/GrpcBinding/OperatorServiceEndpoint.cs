using Grpc.Core;
using HelperPlatform.DevServer.Engine;
using Temporalio.Api.OperatorService.V1;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// The temporal.api.operatorservice.v1.OperatorService methods the dev server implements: only reading the search
/// attributes, which the Web UI needs; adding custom ones is not supported.
/// </summary>
internal sealed class OperatorServiceEndpoint
{
#pragma warning disable CA1822 // The binding finds RPC handlers as instance methods by name.
    public Task<ListSearchAttributesResponse> ListSearchAttributes(ListSearchAttributesRequest request, ServerCallContext context) =>
        Task.FromResult(ClusterCatalog.ListSearchAttributes());
#pragma warning restore CA1822
}
