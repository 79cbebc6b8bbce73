using Slipway.Delivery.Models;

namespace Slipway.Training;

public enum TrainingResult
{
    /// <summary>A version trained on the same data with the same parameters exists and its weights are on disk.</summary>
    UpToDate,

    /// <summary>That version's weights were missing and were trained again, to the same SHA-256.</summary>
    Reproduced,

    /// <summary>A new version passed the gate and was registered (as champion, or challenger without promotion).</summary>
    Registered,
}

/// <summary>What a training run did, with the version's manifest.</summary>
public sealed record TrainingOutcome(TrainingResult Result, string Version, ModelManifest Manifest, string? Alias, string? Table);
