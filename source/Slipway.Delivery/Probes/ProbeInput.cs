using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>
/// One Open Inference Protocol input tensor of a probe, as it is sent: name, datatype, shape and <c>data</c>, a JSON array
/// (flat, row-major; strings for BYTES, numbers or booleans otherwise).
/// </summary>
public sealed record ProbeInput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    /// <summary>A BYTES input of one string, shape [1].</summary>
    public static ProbeInput Text(string name, string text) =>
        new(name, "BYTES", [1], JsonSerializer.SerializeToElement(new[] { text }));
}
