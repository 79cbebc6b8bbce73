using Slipway.Serving.Protocol;

namespace Slipway.Serving.Security;

/// <summary>
/// When keys are configured, requires <c>Authorization: Bearer &lt;key&gt;</c> on server and model metadata, model
/// readiness and inference (everything under <c>/v2</c> except <c>/v2/health/*</c>), and on <c>/metrics</c> when asked to.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!keys.Enabled || !IsProtected(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var error = keys.Refusal(context.Request.Headers.Authorization.ToString());
        if (error is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Apis.ProtocolResults.Error(StatusCodes.Status401Unauthorized, error)
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    private bool IsProtected(PathString path) =>
        (path.StartsWithSegments("/v2") && !path.StartsWithSegments("/v2/health"))
        || (keys.ProtectMetrics && path.StartsWithSegments("/metrics"));
}
