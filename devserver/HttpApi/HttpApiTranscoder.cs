using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using HelperPlatform.DevServer.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace HelperPlatform.DevServer.HttpApi;

/// <summary>
/// Temporal's HTTP API: every <c>google.api.http</c> binding under /api/v1 of the WorkflowService and
/// OperatorService calls the same handler a gRPC call would, as the real server's gateway does. The request is the
/// JSON body (protobuf JSON) with path variables and query parameters (by JSON or proto field name, dotted for
/// nested fields) set on it; the answer is protobuf JSON, and an RPC error becomes the HTTP status grpc-gateway
/// gives its gRPC code, with a google.rpc.Status body.
/// </summary>
internal static class HttpApiTranscoder
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromFiles(Temporalio.Api.ErrorDetails.V1.MessageReflection.Descriptor)));

    public static void Map(IEndpointRouteBuilder app, IEnumerable<HttpRoute> routes)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var route in routes)
        {
            // A path the protos bind twice (the same RPC under an additional binding) is served once.
            if (seen.Add((route.HttpMethod, route.Template)))
            {
                app.MapMethods(route.Template, [route.HttpMethod], http => HandleAsync(http, route));
            }
        }
    }

    private static async Task HandleAsync(HttpContext http, HttpRoute route)
    {
        try
        {
            var handler = route.Handler ?? throw new RpcException(new Status(
                StatusCode.Unimplemented, $"Method {route.Rpc.FullName} is not implemented by the HelperPlatform dev server."));
            var request = await ReadRequestAsync(http, route);
            var endpoint = http.RequestServices.GetRequiredService(route.Endpoint);
            var call = (Task)handler.Invoke(endpoint, [request, new HttpServerCallContext(http, route.Rpc.FullName)])!;
            try
            {
                await call;
            }
            finally
            {
                // As on the gRPC port: what the call changed is stored before it is answered.
                await http.RequestServices.GetRequiredService<DevServerEngine>().FlushAsync();
            }
            var response = (IMessage)call.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(call)!;
            await WriteJsonAsync(http, StatusCodes.Status200OK, Formatter.Format(response));
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is RpcException rpc)
        {
            await WriteErrorAsync(http, rpc);
        }
        catch (RpcException rpc)
        {
            await WriteErrorAsync(http, rpc);
        }
        catch (Exception malformed) when (malformed is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            await WriteErrorAsync(http, new RpcException(new Status(StatusCode.InvalidArgument, malformed.Message)));
        }
    }

    private static async Task<IMessage> ReadRequestAsync(HttpContext http, HttpRoute route)
    {
        var descriptor = route.Rpc.InputType;
        IMessage request;
        if (route.Body == "*" && http.Request.ContentLength != 0)
        {
            using var reader = new StreamReader(http.Request.Body);
            var json = await reader.ReadToEndAsync(http.RequestAborted);
            request = string.IsNullOrWhiteSpace(json) ? (IMessage)Activator.CreateInstance(descriptor.ClrType)! : Parser.Parse(json, descriptor);
        }
        else
        {
            request = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        }
        foreach (var (routeValue, fieldPath) in route.FieldPathsByRouteValue)
        {
            // Kestrel leaves an escaped slash escaped in a path segment; a workflow id may contain one.
            var value = Uri.UnescapeDataString((string)http.GetRouteValue(routeValue)!);
            SetField(request, fieldPath, value, fromQuery: false);
        }
        if (route.Body != "*")
        {
            foreach (var (name, values) in http.Request.Query)
            {
                SetQueryParameter(request, name, values);
            }
        }
        return request;
    }

    private static void SetQueryParameter(IMessage request, string name, StringValues values)
    {
        foreach (var value in values)
        {
            SetField(request, name, value ?? string.Empty, fromQuery: true);
        }
    }

    /// <summary>
    /// Sets a dotted field path to a text value. A query parameter naming no field is ignored, as grpc-gateway
    /// ignores it; a path variable always names one.
    /// </summary>
    private static void SetField(IMessage message, string fieldPath, string value, bool fromQuery)
    {
        var names = fieldPath.Split('.');
        for (var index = 0; index < names.Length; index++)
        {
            var field = FindField(message.Descriptor, names[index]);
            if (field is null)
            {
                if (fromQuery)
                {
                    return;
                }
                throw new FormatException($"{message.Descriptor.Name} has no field {names[index]}.");
            }
            if (index < names.Length - 1)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated)
                {
                    throw new FormatException($"{field.FullName} has no field {names[index + 1]}.");
                }
                var child = (IMessage?)field.Accessor.GetValue(message);
                if (child is null)
                {
                    child = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                    field.Accessor.SetValue(message, child);
                }
                message = child;
                continue;
            }
            var parsed = ParseScalar(field, value);
            if (field.IsRepeated)
            {
                ((System.Collections.IList)field.Accessor.GetValue(message)).Add(parsed);
            }
            else
            {
                field.Accessor.SetValue(message, parsed);
            }
        }
    }

    private static FieldDescriptor? FindField(MessageDescriptor descriptor, string name) =>
        descriptor.Fields.InDeclarationOrder().FirstOrDefault(field => field.JsonName == name || field.Name == name);

    private static object ParseScalar(FieldDescriptor field, string value) => field.FieldType switch
    {
        FieldType.String => value,
        FieldType.Bool => bool.Parse(value),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        FieldType.UInt32 or FieldType.Fixed32 => uint.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture),
        FieldType.UInt64 or FieldType.Fixed64 => ulong.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture),
        FieldType.Double => double.Parse(value, CultureInfo.InvariantCulture),
        FieldType.Float => float.Parse(value, CultureInfo.InvariantCulture),
        FieldType.Bytes => ByteString.FromBase64(ToStandardBase64(value)),
        FieldType.Enum => field.EnumType.FindValueByName(value)?.Number
            ?? (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new FormatException($"'{value}' is not a value of {field.EnumType.FullName}.")),
        _ => throw new FormatException($"{field.FullName} cannot be set from a query parameter."),
    };

    /// <summary>Page tokens come back URL-safe or standard, padded or not.</summary>
    private static string ToStandardBase64(string value)
    {
        var standard = value.Replace('-', '+').Replace('_', '/');
        return standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
    }

    private static Task WriteErrorAsync(HttpContext http, RpcException rpc)
    {
        var status = new Temporalio.Api.Common.V1.GrpcStatus { Code = (int)rpc.StatusCode, Message = rpc.Status.Detail };
        if (rpc.Trailers.GetValueBytes("grpc-status-details-bin") is { } details)
        {
            status.Details.AddRange(Temporalio.Api.Common.V1.GrpcStatus.Parser.ParseFrom(details).Details);
        }
        return WriteJsonAsync(http, HttpStatusFor(rpc.StatusCode), Formatter.Format(status));
    }

    /// <summary>grpc-gateway's mapping of gRPC codes to HTTP statuses, which the real server's HTTP API uses.</summary>
    public static int HttpStatusFor(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => StatusCodes.Status499ClientClosedRequest,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static async Task WriteJsonAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json, http.RequestAborted);
    }
}
