using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>One output tensor; <see cref="Data"/> is written flat, row-major.</summary>
public sealed record InferOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] long[] Shape,
    [property: JsonPropertyName("data"), JsonConverter(typeof(TensorDataJsonConverter))] Array Data);
