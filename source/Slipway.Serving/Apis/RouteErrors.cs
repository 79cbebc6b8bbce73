using Microsoft.AspNetCore.Diagnostics;

namespace Slipway.Serving.Apis;

/// <summary>The protocol's <c>{"error": ...}</c> body for answers the routing gives on its own: 404 (no such route) and 405 (wrong method).</summary>
public static class RouteErrors
{
    public const string Routes = "/v2, /v2/health/live, /v2/health/ready, /v2/models/{model}[/versions/{version}][/ready], POST /v2/models/{model}[/versions/{version}]/infer and /metrics";

    public static async Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        var message = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"no such route: {request.Method} {request.Path}; this server answers {Routes}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}; use {(http.Response.Headers.Allow.Count > 0 ? http.Response.Headers.Allow.ToString() : "another method")}.",
            _ => null,
        };
        if (message is not null)
        {
            await ProtocolResults.Error(http.Response.StatusCode, message).ExecuteAsync(http).ConfigureAwait(false);
        }
    }
}
