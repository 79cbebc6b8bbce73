using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>
/// How a <c>text-classification</c> model answers: the <see cref="ModelManifest.TextEmbedding"/> encoder's vectors go
/// through the head graph (<c>embedding</c> FP32 [n, d] → <c>probabilities</c> FP32 [n, classes]); the label is the
/// class with the highest probability.
/// </summary>
public sealed record TextClassificationSettings
{
    [JsonPropertyName("head")] public required string Head { get; init; }
    [JsonPropertyName("classes")] public required IReadOnlyList<string> Classes { get; init; }
}
