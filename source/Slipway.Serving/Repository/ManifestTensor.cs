using System.Text.Json.Serialization;

namespace Slipway.Serving.Repository;

public sealed class ManifestTensor
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("datatype")] public string? Datatype { get; set; }
    [JsonPropertyName("shape")] public List<long>? Shape { get; set; }
}
