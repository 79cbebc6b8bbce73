using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>
/// One output tensor; <see cref="Data"/> is written flat, row-major. An output sent through the binary tensor data
/// extension has no data here but <c>parameters.binary_data_size</c>, and its bytes follow the JSON header.
/// </summary>
public sealed record InferOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] long[] Shape,
    [property: JsonPropertyName("data"), JsonConverter(typeof(TensorDataJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Array? Data)
{
    [JsonPropertyName("parameters"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OutputParameters? Parameters { get; init; }
}

/// <summary>The parameters of a binary output: how many bytes of the body after the JSON header are this output's.</summary>
public sealed record OutputParameters([property: JsonPropertyName("binary_data_size")] int BinaryDataSize);
