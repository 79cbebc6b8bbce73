using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Slipway.Serving.Configuration;
using Slipway.Serving.Inference;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Apis;

/// <summary><c>POST /v2/models/{model}[/versions/{version}]/infer</c>: JSON, or the binary tensor data extension both ways.</summary>
public static class InferApi
{
    public static IEndpointRouteBuilder MapInferApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v2/models/{model}/infer", InferAsync);
        endpoints.MapPost("/v2/models/{model}/versions/{version}/infer", InferVersionAsync);
        return endpoints;
    }

    public static Task<Results<JsonHttpResult<InferResponse>, BinaryInferResult, JsonHttpResult<ErrorResponse>>> InferAsync(
        string model, HttpContext context, ModelRegistry registry, IOptions<ServingOptions> serving, IOptions<BatchingOptions> batching, ILoggerFactory loggers) =>
        RunAsync(model, null, context, registry, serving.Value, batching.Value, loggers);

    public static Task<Results<JsonHttpResult<InferResponse>, BinaryInferResult, JsonHttpResult<ErrorResponse>>> InferVersionAsync(
        string model, string version, HttpContext context, ModelRegistry registry, IOptions<ServingOptions> serving, IOptions<BatchingOptions> batching, ILoggerFactory loggers) =>
        RunAsync(model, version, context, registry, serving.Value, batching.Value, loggers);

    private static async Task<Results<JsonHttpResult<InferResponse>, BinaryInferResult, JsonHttpResult<ErrorResponse>>> RunAsync(
        string model, string? version, HttpContext context, ModelRegistry registry, ServingOptions serving, BatchingOptions batching, ILoggerFactory loggers)
    {
        var call = new InferenceCall(model, version);
        try
        {
            var (served, definition) = call.Resolve(registry);
            var body = await ReadBodyAsync(context.Request, serving.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            var request = BinaryTensorData.Parse(body.WrittenMemory, HeaderLength(context.Request));
            BinaryTensorData.RefuseUnsupported(request);
            var inputs = InferenceCall.Decode(request.Inputs, definition);
            var wanted = InferenceCall.SelectOutputs(request.Outputs?.Select(o => o?.Name).ToList(), definition);
            var binary = wanted.ToDictionary(name => name, name => BinaryTensorData.WantsBinary(request, name), StringComparer.Ordinal);
            var outputs = (await served.InferAsync(inputs, context.RequestAborted).ConfigureAwait(false)).Where(o => wanted.Contains(o.Name)).ToList();

            var response = new InferResponse(
                definition.Name,
                definition.Version,
                request.Id,
                [.. outputs.Select(o => binary[o.Name]
                    ? new InferOutput(o.Name, o.Datatype.ToProtocolName(), o.Shape, null) { Parameters = new OutputParameters(RawTensors.ByteCount(o)) }
                    : new InferOutput(o.Name, o.Datatype.ToProtocolName(), o.Shape, o.Data))]);
            call.Succeeded();
            return binary.Values.Any(b => b)
                ? new BinaryInferResult(response, [.. outputs.Where(o => binary[o.Name])])
                : ProtocolResults.Json(response, ProtocolJson.Context.InferResponse);
        }
        catch (Exception exception)
        {
            var failure = call.Fail(exception, context.TraceIdentifier, context.RequestAborted, loggers.CreateLogger(typeof(InferApi).FullName!));
            if (failure.RetryLater)
            {
                context.Response.Headers.RetryAfter = batching.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return ProtocolResults.Error(failure.StatusCode, failure.Message);
        }
    }

    /// <summary>
    /// Keeps the request's <c>Content-Encoding</c> (request decompression removes the header) so that a body that does not
    /// decompress gets an error that names the encoding.
    /// </summary>
    public static Task RememberContentEncoding(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Headers.ContentEncoding.Count > 0)
        {
            context.Items[ContentEncodingItem] = context.Request.Headers.ContentEncoding.ToString();
        }

        return next(context);
    }

    private const string ContentEncodingItem = "Slipway.ContentEncoding";

    private static string? HeaderLength(HttpRequest request) =>
        request.Headers.TryGetValue(BinaryTensorData.HeaderLength, out var value) ? value.ToString() : null;

    /// <summary>The whole body (JSON header and binary data alike), refused with 413 past the limit, decompressed or not.</summary>
    private static async Task<ArrayBufferWriter<byte>> ReadBodyAsync(HttpRequest http, long limit, CancellationToken cancellationToken)
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
        catch (InvalidDataException exception)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"request body could not be decompressed ({http.HttpContext.Items[ContentEncodingItem]}): {exception.Message}", exception);
        }

        if (buffer.WrittenCount == 0 && http.HttpContext.Items[ContentEncodingItem] is string encoding)
        {
            throw ProtocolException.BadRequest($"request body could not be decompressed ({encoding}): nothing came out; the compressed data is empty or cut short.");
        }

        if (buffer.WrittenCount == 0)
        {
            throw ProtocolException.BadRequest("request body is empty; send a JSON inference request such as {\"inputs\":[{\"name\":...,\"shape\":[...],\"datatype\":...,\"data\":[...]}]}.");
        }

        return buffer;
    }

    private static ProtocolException TooLarge(long size, long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body is {size} bytes or more; the limit is {limit} bytes (Serving:MaxRequestBodyBytes). Send fewer rows per request.");
}
