using System.Reflection;
using Google.Protobuf.Reflection;
using Temporalio.Api.Dependencies.Google.Api;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace HelperPlatform.DevServer.HttpApi;

/// <summary>
/// One <c>google.api.http</c> binding of an RPC under <c>/api/v1</c>, as the protos in the Temporalio package declare
/// it: the HTTP method, the path template in ASP.NET Core's syntax, which route value fills which request field,
/// and which part of the request the body is.
/// </summary>
internal sealed record HttpRoute(
    string HttpMethod,
    string Template,
    IReadOnlyDictionary<string, string> FieldPathsByRouteValue,
    string Body,
    MethodDescriptor Rpc,
    Type Endpoint)
{
    private const string ApiPrefix = "/api/v1/";

    /// <summary>The bindings of every RPC of <paramref name="service"/> whose path is under /api/v1, handled by <paramref name="endpoint"/>.</summary>
    public static IEnumerable<HttpRoute> For(ServiceDescriptor service, Type endpoint) =>
        service.Methods
            .Select(rpc => (Rpc: rpc, Rule: rpc.GetOptions()?.GetExtension(AnnotationsExtensions.Http)))
            .Where(method => method.Rule is not null)
            .SelectMany(method => method.Rule!.AdditionalBindings.Prepend(method.Rule).Select(rule => FromRule(rule, method.Rpc, endpoint)))
            .OfType<HttpRoute>();

    /// <summary>The endpoint method that serves this RPC, null when the dev server does not implement it.</summary>
    public MethodInfo? Handler => Endpoint.GetMethod(Rpc.Name, [Rpc.InputType.ClrType, typeof(Grpc.Core.ServerCallContext)]);

    private static HttpRoute? FromRule(HttpRule rule, MethodDescriptor rpc, Type endpoint)
    {
        var (method, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            _ => (string.Empty, string.Empty),
        };
        if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        // "{execution.workflow_id}" is not a valid route parameter name: each variable gets a plain one.
        var fieldPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var segments = path.Split('/').Select(segment =>
        {
            if (!segment.StartsWith('{') || !segment.EndsWith('}'))
            {
                return segment;
            }
            var fieldPath = segment[1..^1].Split('=')[0];
            var routeValue = $"v{fieldPaths.Count}";
            fieldPaths.Add(routeValue, fieldPath);
            return $"{{{routeValue}}}";
        });
        return new HttpRoute(method, string.Join('/', segments), fieldPaths, rule.Body, rpc, endpoint);
    }
}
