using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Slipway.Serving.Batching;
using Slipway.Serving.Configuration;
using Slipway.Serving.Inference;
using Slipway.Serving.Observability;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Apis;

/// <summary><c>POST /v2/models/{model}[/versions/{version}]/infer</c>.</summary>
public static class InferApi
{
    public static IEndpointRouteBuilder MapInferApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v2/models/{model}/infer", InferAsync);
        endpoints.MapPost("/v2/models/{model}/versions/{version}/infer", InferVersionAsync);
        return endpoints;
    }

    public static Task<Results<JsonHttpResult<InferResponse>, JsonHttpResult<ErrorResponse>>> InferAsync(
        string model, HttpContext context, ModelRegistry registry, IOptions<ServingOptions> serving, IOptions<BatchingOptions> batching, ILoggerFactory loggers) =>
        RunAsync(model, null, context, registry, serving.Value, batching.Value, loggers);

    public static Task<Results<JsonHttpResult<InferResponse>, JsonHttpResult<ErrorResponse>>> InferVersionAsync(
        string model, string version, HttpContext context, ModelRegistry registry, IOptions<ServingOptions> serving, IOptions<BatchingOptions> batching, ILoggerFactory loggers) =>
        RunAsync(model, version, context, registry, serving.Value, batching.Value, loggers);

    private static async Task<Results<JsonHttpResult<InferResponse>, JsonHttpResult<ErrorResponse>>> RunAsync(
        string model, string? version, HttpContext context, ModelRegistry registry, ServingOptions serving, BatchingOptions batching, ILoggerFactory loggers)
    {
        var started = Stopwatch.GetTimestamp();
        // Unknown names are not used as label values, so probing requests cannot grow the metric set.
        var modelLabel = "_unknown";
        var versionLabel = "_unknown";
        try
        {
            var served = registry.Resolve(model, version);
            modelLabel = served.Name;
            versionLabel = served.Version;
            var definition = served.Definition;
            if (served.State != ModelState.Ready || definition is null)
            {
                throw ProtocolException.Unavailable(served.NotReadyReason!);
            }

            var request = await ReadRequestAsync(context.Request, serving.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            var inputs = Decode(request, definition);
            var wanted = SelectOutputs(request, definition);
            var outputs = await served.InferAsync(inputs, context.RequestAborted).ConfigureAwait(false);

            var response = new InferResponse(
                definition.Name,
                definition.Version,
                request.Id,
                [.. outputs.Where(o => wanted.Contains(o.Name)).Select(o => new InferOutput(o.Name, o.Datatype.ToProtocolName(), o.Shape, o.Data))]);
            Record(modelLabel, versionLabel, StatusCodes.Status200OK, null, started);
            return TypedResults.Json(response, ProtocolJson.Context.InferResponse);
        }
        catch (ProtocolException exception)
        {
            Record(modelLabel, versionLabel, exception.StatusCode, Reason(exception.StatusCode), started);
            return ErrorResults.Error(exception.StatusCode, exception.Message);
        }
        catch (QueueFullException exception)
        {
            Record(modelLabel, versionLabel, StatusCodes.Status503ServiceUnavailable, "queue_full", started);
            context.Response.Headers.RetryAfter = batching.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, exception.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Record(modelLabel, versionLabel, 499, "client_closed", started);
            return ErrorResults.Error(499, "the client closed the request.");
        }
        catch (Exception exception)
        {
            Log.InternalError(loggers.CreateLogger(typeof(InferApi).FullName!), exception, modelLabel, versionLabel);
            Record(modelLabel, versionLabel, StatusCodes.Status500InternalServerError, "internal", started);
            return ErrorResults.Error(StatusCodes.Status500InternalServerError,
                $"internal error while running model '{model}' version '{versionLabel}' ({exception.GetType().Name}); the server log has details under request id '{context.TraceIdentifier}'.");
        }
    }

    private static Tensor[] Decode(InferRequest request, ModelDefinition definition)
    {
        try
        {
            return TensorDecoder.DecodeInputs(request, definition.Name, definition.Inputs, definition.MaxBatchSize);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"request inputs could not be decoded: {exception.Message}", exception);
        }
    }

    private static HashSet<string> SelectOutputs(InferRequest request, ModelDefinition definition)
    {
        if (request.Outputs is null || request.Outputs.Count == 0)
        {
            return [.. definition.Outputs.Select(o => o.Name)];
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Outputs.Count; i++)
        {
            var name = request.Outputs[i]?.Name;
            if (string.IsNullOrEmpty(name) || !definition.Outputs.Any(o => o.Name == name))
            {
                throw ProtocolException.BadRequest(
                    $"outputs[{i}] asks for {(string.IsNullOrEmpty(name) ? "an output without a name" : $"unknown output '{name}'")}; model '{definition.Name}' has outputs {string.Join(", ", definition.Outputs.Select(o => $"'{o.Name}'"))}.");
            }

            wanted.Add(name);
        }

        return wanted;
    }

    private static async Task<InferRequest> ReadRequestAsync(HttpRequest http, long limit, CancellationToken cancellationToken)
    {
        if (http.ContentLength > limit)
        {
            throw TooLarge(http.ContentLength.Value, limit);
        }

        var buffer = new ArrayBufferWriter<byte>(http.ContentLength is > 0 and var length ? (int)length : 4096);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var read = await http.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    throw TooLarge(buffer.WrittenCount, limit);
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ProtocolException(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {limit} bytes, the limit (Serving:MaxRequestBodyBytes); send fewer rows per request.", exception);
        }
        catch (BadHttpRequestException exception)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"request body could not be read: {exception.Message}", exception);
        }

        if (buffer.WrittenCount == 0)
        {
            throw ProtocolException.BadRequest("request body is empty; send a JSON inference request such as {\"inputs\":[{\"name\":...,\"shape\":[...],\"datatype\":...,\"data\":[...]}]}.");
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.WrittenSpan, ProtocolJson.Context.InferRequest)
                ?? throw ProtocolException.BadRequest("request body is JSON null; send a JSON object with 'inputs'.");
        }
        catch (JsonException exception)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"request body is not a valid inference request: {exception.Message}", exception);
        }
    }

    private static ProtocolException TooLarge(long size, long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body is {size} bytes or more; the limit is {limit} bytes (Serving:MaxRequestBodyBytes). Send fewer rows per request.");

    private static string Reason(int status) => status switch
    {
        400 => "bad_request",
        404 => "not_found",
        413 => "payload_too_large",
        503 => "unavailable",
        _ => "other",
    };

    private static void Record(string model, string version, int status, string? failure, long started)
    {
        ServingMetrics.Requests.WithLabels(model, version, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        ServingMetrics.RequestDuration.WithLabels(model, version).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (failure is not null)
        {
            ServingMetrics.Failures.WithLabels(model, version, failure).Inc();
        }
    }
}
