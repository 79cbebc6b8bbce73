using System.Globalization;
using Slipway.Serving.Protocol;

namespace Slipway.Serving.Security;

/// <summary>
/// When keys are configured, requires <c>Authorization: Bearer &lt;key&gt;</c> on server and model metadata, model
/// readiness and inference (everything under <c>/v2</c> except <c>/v2/health/*</c>), and on <c>/metrics</c> when asked to:
/// 401 without a valid key, 403 when the key may not use the model in the path, 429 with <c>Retry-After</c> over its rate.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, ApiKeyRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!keys.Enabled || !IsProtected(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var check = keys.Check(context.Request.Headers.Authorization.ToString(), ModelOf(context.Request.Path));
        if (check.Verdict == ApiKeyVerdict.Unauthenticated)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Apis.ProtocolResults.Error(StatusCodes.Status401Unauthorized, check.Refusal!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (check.Verdict == ApiKeyVerdict.Forbidden)
        {
            await Apis.ProtocolResults.Error(StatusCodes.Status403Forbidden, check.Refusal!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (limiter.TryAcquire(check.Key!) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ApiKeyRateLimiter.Seconds(retryAfter).ToString(CultureInfo.InvariantCulture);
            await Apis.ProtocolResults.Error(StatusCodes.Status429TooManyRequests, ApiKeyRateLimiter.Refusal(check.Key!, retryAfter)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private bool IsProtected(PathString path) =>
        (path.StartsWithSegments("/v2") && !path.StartsWithSegments("/v2/health"))
        || (keys.ProtectMetrics && path.StartsWithSegments("/metrics"));

    /// <summary>The model of <c>/v2/models/{model}[/…]</c>, else null.</summary>
    internal static string? ModelOf(PathString path)
    {
        if (!path.StartsWithSegments("/v2/models", out var rest) || !rest.HasValue)
        {
            return null;
        }

        var segments = rest.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 ? null : segments[0];
    }
}
