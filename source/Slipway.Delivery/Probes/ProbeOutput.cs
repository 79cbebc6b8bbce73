using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>One output tensor of a probe: name, datatype, shape and its elements as numbers (flat, row-major; BOOL as 0/1).</summary>
public sealed record ProbeOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape,
    [property: JsonPropertyName("data"), JsonConverter(typeof(ProbeDataJsonConverter))] IReadOnlyList<double> Data);
