using System.Text.Json.Serialization;
using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Models;

/// <summary>The <c>model.json</c> manifest the service, the image builder and the deployer read.</summary>
public sealed record ModelManifest
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("platform")] public string Platform { get; init; } = "onnxruntime_onnx";
    [JsonPropertyName("files")] public required IReadOnlyList<ModelFileEntry> Files { get; init; }
    [JsonPropertyName("inputs")] public required IReadOnlyList<TensorSpecification> Inputs { get; init; }
    [JsonPropertyName("outputs")] public required IReadOnlyList<TensorSpecification> Outputs { get; init; }
    [JsonPropertyName("maxBatchSize")] public int MaxBatchSize { get; init; }
    [JsonPropertyName("maxQueueDelayMs")] public int MaxQueueDelayMs { get; init; }

    [JsonPropertyName("textEmbedding")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextEmbeddingSettings? TextEmbedding { get; init; }

    [JsonPropertyName("textClassification")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextClassificationSettings? TextClassification { get; init; }

    /// <summary>Where each file comes from, so that one materialiser can put any model version together (the service ignores it).</summary>
    [JsonPropertyName("sources")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ModelFileSource>? Sources { get; init; }

    /// <summary>How a trained version came about: data, parameters, parent, metrics, times (the service ignores it).</summary>
    [JsonPropertyName("training")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TrainingRecord? Training { get; init; }

    /// <summary>
    /// The golden-output probes of this model, when it names its own; without them <see cref="ProbeSet.For(ModelManifest)"/>
    /// uses the default probes of the model's kind. The service ignores this section.
    /// </summary>
    [JsonPropertyName("probes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Probe>? Probes { get; init; }
}
