using System.Text.Json.Serialization;

namespace Slipway.Serving.Repository;

/// <summary>The <c>model.json</c> of one model version, as read from disk (validated by <see cref="ManifestValidator"/>).</summary>
public sealed class ModelManifest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("platform")] public string? Platform { get; set; }
    [JsonPropertyName("files")] public List<ManifestFile>? Files { get; set; }
    [JsonPropertyName("inputs")] public List<ManifestTensor>? Inputs { get; set; }
    [JsonPropertyName("outputs")] public List<ManifestTensor>? Outputs { get; set; }
    [JsonPropertyName("maxBatchSize")] public int MaxBatchSize { get; set; }
    [JsonPropertyName("maxQueueDelayMs")] public int MaxQueueDelayMs { get; set; }
    [JsonPropertyName("textEmbedding")] public TextEmbeddingManifest? TextEmbedding { get; set; }
    [JsonPropertyName("textClassification")] public TextClassificationManifest? TextClassification { get; set; }
}
