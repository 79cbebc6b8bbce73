using System.Text.Json.Serialization;

namespace Slipway.Serving.Repository;

/// <summary>
/// Settings of a <c>text-classification</c> model: the head graph (<c>embedding</c> FP32 [n, d] → <c>probabilities</c>
/// FP32 [n, classes]) that follows the <c>textEmbedding</c> encoder, and the class names in the order of its outputs.
/// </summary>
public sealed class TextClassificationManifest
{
    [JsonPropertyName("head")] public string Head { get; set; } = "head.onnx";
    [JsonPropertyName("classes")] public List<string> Classes { get; set; } = [];
}
