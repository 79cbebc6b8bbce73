using System.Text.Json.Serialization;

namespace Slipway.Serving.Repository;

/// <summary>Settings of a <c>text-embedding</c> model: graph and vocabulary files, casing, truncation, pooling.</summary>
public sealed class TextEmbeddingManifest
{
    [JsonPropertyName("model")] public string Model { get; set; } = "model.onnx";
    [JsonPropertyName("vocabulary")] public string Vocabulary { get; set; } = "vocab.txt";
    [JsonPropertyName("lowerCase")] public bool LowerCase { get; set; } = true;
    [JsonPropertyName("maxSequenceLength")] public int MaxSequenceLength { get; set; } = 256;
    [JsonPropertyName("pooling")] public string Pooling { get; set; } = "mean";
    [JsonPropertyName("normalize")] public bool Normalize { get; set; } = true;
}
