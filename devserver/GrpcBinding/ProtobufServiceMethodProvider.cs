using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace HelperPlatform.DevServer.GrpcBinding;

/// <summary>
/// Binds a protobuf service to an endpoint class without generated stubs or .proto files: every method of the
/// service descriptor (from the Temporalio package) becomes a unary gRPC method, handled by the endpoint's method
/// of the same name, or answered UNIMPLEMENTED naming the method when the endpoint has none.
/// </summary>
internal sealed class ProtobufServiceMethodProvider<TEndpoint>(ServiceDescriptor service) : IServiceMethodProvider<TEndpoint>
    where TEndpoint : class
{
    private static readonly MethodInfo BindMethodDefinition =
        typeof(ProtobufServiceMethodProvider<TEndpoint>).GetMethod(nameof(BindMethod), BindingFlags.NonPublic | BindingFlags.Static)!;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TEndpoint> context)
    {
        foreach (var method in service.Methods)
        {
            var bind = BindMethodDefinition.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType);
            bind.Invoke(null, [context, method]);
        }
    }

    private static void BindMethod<TRequest, TResponse>(
        ServiceMethodProviderContext<TEndpoint> context, Google.Protobuf.Reflection.MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary, descriptor.Service.FullName, descriptor.Name, MarshallerFor<TRequest>(), MarshallerFor<TResponse>());
        var handler = typeof(TEndpoint).GetMethod(descriptor.Name, [typeof(TRequest), typeof(ServerCallContext)]);
        UnaryServerMethod<TEndpoint, TRequest, TResponse> invoker = handler is null
            ? (_, _, _) => throw new RpcException(new Status(
                StatusCode.Unimplemented, $"Method {descriptor.FullName} is not implemented by the HelperPlatform dev server."))
            : handler.CreateDelegate<UnaryServerMethod<TEndpoint, TRequest, TResponse>>();
        context.AddUnaryMethod(method, [], invoker);
    }

    /// <summary>
    /// Writes straight into the response buffer and parses straight from the request buffer: a workflow task answer
    /// carries a whole history, and an intermediate byte array per message would double what every call allocates.
    /// </summary>
    private static Marshaller<TMessage> MarshallerFor<TMessage>()
        where TMessage : class, IMessage<TMessage>, new()
    {
        var parser = new MessageParser<TMessage>(() => new TMessage());
        return new Marshaller<TMessage>(
            (message, serialization) =>
            {
                serialization.SetPayloadLength(message.CalculateSize());
                message.WriteTo(serialization.GetBufferWriter());
                serialization.Complete();
            },
            deserialization =>
            {
                try
                {
                    return parser.ParseFrom(deserialization.PayloadAsReadOnlySequence());
                }
                catch (InvalidProtocolBufferException exception)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"Malformed {typeof(TMessage).Name}: {exception.Message}"));
                }
            });
    }
}
