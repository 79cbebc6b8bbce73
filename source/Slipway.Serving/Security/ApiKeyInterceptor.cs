using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Slipway.Serving.Grpc;

namespace Slipway.Serving.Security;

/// <summary>
/// The API keys for gRPC: every call except ServerLive and ServerReady (the health calls, open like <c>/v2/health</c>)
/// needs the metadata entry <c>authorization: Bearer &lt;key&gt;</c>. A refusal carries the REST message: UNAUTHENTICATED
/// (401), PERMISSION_DENIED when the key may not use the model the call names (403), RESOURCE_EXHAUSTED with a
/// <c>retry-after</c> trailer over the key's rate (429).
/// </summary>
public sealed class ApiKeyInterceptor(ApiKeyStore keys, ApiKeyRateLimiter limiter) : Interceptor
{
    private static readonly HashSet<string> Open = [$"/{GRPCInferenceService.Descriptor.FullName}/ServerLive", $"/{GRPCInferenceService.Descriptor.FullName}/ServerReady"];

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (!keys.Enabled || Open.Contains(context.Method))
        {
            return continuation(request, context);
        }

        var check = keys.Check(context.RequestHeaders.GetValue("authorization"), ModelOf(request));
        switch (check.Verdict)
        {
            case ApiKeyVerdict.Unauthenticated:
                throw new RpcException(new Status(StatusCode.Unauthenticated, check.Refusal!));
            case ApiKeyVerdict.Forbidden:
                throw new RpcException(new Status(StatusCode.PermissionDenied, check.Refusal!));
        }

        if (limiter.TryAcquire(check.Key!) is { } retryAfter)
        {
            var trailers = new Metadata { { "retry-after", ApiKeyRateLimiter.Seconds(retryAfter).ToString(CultureInfo.InvariantCulture) } };
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ApiKeyRateLimiter.Refusal(check.Key!, retryAfter)), trailers);
        }

        return continuation(request, context);
    }

    private static string? ModelOf(object? request) => request switch
    {
        ModelInferRequest infer => infer.ModelName,
        ModelMetadataRequest metadata => metadata.Name,
        ModelReadyRequest ready => ready.Name,
        _ => null,
    };
}
