using Grpc.Core;
using Grpc.Core.Interceptors;
using Slipway.Serving.Grpc;

namespace Slipway.Serving.Security;

/// <summary>
/// The API keys for gRPC: every call except ServerLive and ServerReady (the health calls, open like <c>/v2/health</c>)
/// needs the metadata entry <c>authorization: Bearer &lt;key&gt;</c>; a refusal is UNAUTHENTICATED with the REST message.
/// </summary>
public sealed class ApiKeyInterceptor(ApiKeyStore keys) : Interceptor
{
    private static readonly HashSet<string> Open = [$"/{GRPCInferenceService.Descriptor.FullName}/ServerLive", $"/{GRPCInferenceService.Descriptor.FullName}/ServerReady"];

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (keys.Enabled && !Open.Contains(context.Method) && keys.Refusal(context.RequestHeaders.GetValue("authorization")) is { } refusal)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, refusal));
        }

        return continuation(request, context);
    }
}
