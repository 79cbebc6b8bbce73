using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>How a <c>text-embedding</c> model turns strings into vectors: tokenizer, graph, pooling.</summary>
public sealed record TextEmbeddingSettings
{
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("vocabulary")] public required string Vocabulary { get; init; }
    [JsonPropertyName("lowerCase")] public bool LowerCase { get; init; } = true;
    [JsonPropertyName("maxSequenceLength")] public int MaxSequenceLength { get; init; } = 256;
    [JsonPropertyName("pooling")] public string Pooling { get; init; } = "mean";
    [JsonPropertyName("normalize")] public bool Normalize { get; init; } = true;
}
