using System.Diagnostics;

namespace Slipway.Serving.Observability;

/// <summary>
/// One log line per request (method, path, model, status, duration, request id — never payloads or headers) and the
/// in-flight gauge. The request id is the caller's <c>X-Request-Id</c> when it is short and plain, else the trace id; it is echoed back.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[HeaderName].ToString();
        if (requestId.Length is 0 or > 64 || !requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            requestId = context.TraceIdentifier;
        }

        context.TraceIdentifier = requestId;
        context.Response.Headers[HeaderName] = requestId;
        var started = Stopwatch.GetTimestamp();
        ServingMetrics.InFlight.Inc();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            ServingMetrics.InFlight.Dec();
            var model = context.Request.RouteValues.TryGetValue("model", out var value) ? value as string ?? "-" : "-";
            Log.Request(logger, context.Request.Method, context.Request.Path.Value ?? "/", model, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
        }
    }
}
