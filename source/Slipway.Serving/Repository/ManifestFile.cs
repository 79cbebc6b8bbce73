using System.Text.Json.Serialization;

namespace Slipway.Serving.Repository;

public sealed class ManifestFile
{
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; set; }
}
