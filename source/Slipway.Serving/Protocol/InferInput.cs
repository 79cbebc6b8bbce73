using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Serving.Inference;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Protocol;

/// <summary>
/// One input tensor of a REST inference request: <see cref="Data"/> is flat or nested row-major JSON, or, with the binary
/// tensor data extension, <c>parameters.binary_data_size</c> bytes of the body after the JSON header (<see cref="Binary"/>).
/// </summary>
public sealed class InferInput : IWireTensor
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("shape")] public List<long>? Shape { get; set; }
    [JsonPropertyName("datatype")] public string? Datatype { get; set; }
    [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; set; }
    [JsonPropertyName("data")] public JsonElement Data { get; set; }

    /// <summary>This input's raw bytes when it came through the binary tensor data extension, else null.</summary>
    [JsonIgnore] public ReadOnlyMemory<byte>? Binary { get; set; }

    IReadOnlyList<long>? IWireTensor.Shape => Shape;

    Array IWireTensor.ReadElements(string name, DataType datatype, long[] shape, int count) =>
        Binary is { } bytes
            ? RawTensors.Read(bytes.Span, name, datatype, count)
            : TensorDecoder.ReadJson(Data, name, datatype, shape, count);
}
