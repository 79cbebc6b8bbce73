using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>Name, datatype and shape (-1 for a variable dimension) of a model input or output.</summary>
public sealed record TensorMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);
