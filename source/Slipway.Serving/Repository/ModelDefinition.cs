using Slipway.Serving.Inference;

namespace Slipway.Serving.Repository;

/// <summary>A validated manifest: everything needed to load and serve one model version.</summary>
public sealed record ModelDefinition(
    string Name,
    string Version,
    string Kind,
    string Platform,
    string Directory,
    IReadOnlyList<(string Path, string Sha256)> Files,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    int MaxBatchSize,
    TimeSpan MaxQueueDelay,
    TextEmbeddingManifest? TextEmbedding,
    TextClassificationManifest? TextClassification = null);
