using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Slipway.Serving.Protocol;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Apis;

/// <summary>
/// An inference answer in the binary tensor data extension: the JSON header (its length in
/// <c>Inference-Header-Content-Length</c>), then the raw little-endian bytes of each binary output in output order.
/// </summary>
public sealed class BinaryInferResult(InferResponse header, IReadOnlyList<Tensor> binaryOutputs) : IResult
{
    public const string ContentType = "application/octet-stream";

    public InferResponse Header { get; } = header;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var json = JsonSerializer.SerializeToUtf8Bytes(Header, ProtocolJson.Context.InferResponse);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers[BinaryTensorData.HeaderLength] = json.Length.ToString(CultureInfo.InvariantCulture);
        response.ContentLength = json.Length + binaryOutputs.Sum(RawTensors.ByteCount);
        var writer = response.BodyWriter;
        writer.Write(json);
        foreach (var output in binaryOutputs)
        {
            RawTensors.Write(output, writer);
        }

        await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
