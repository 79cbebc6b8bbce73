using System.Globalization;

namespace Slipway.Training.Heads;

/// <summary>
/// What the head's training depends on besides the data: the trainer, its settings and seed. Together with the data's
/// SHA-256 and the encoder's digest they decide the weights; <see cref="Revision"/> changes when this code trains differently.
/// </summary>
public sealed record TrainingParameters
{
    public const string Revision = "1";
    public const string Trainer = "ML.NET LbfgsMaximumEntropy";

    public int Seed { get; init; } = 13;
    public float L2Regularization { get; init; } = 0.001f;
    public int MaximumIterations { get; init; } = 400;
    public float OptimizationTolerance { get; init; } = 1e-7f;
    public int HistorySize { get; init; } = 20;

    /// <summary>Weights and biases are rounded to this before they are written, so the graph's bytes are the same on any CPU.</summary>
    public float WeightResolution { get; init; } = 1e-5f;

    /// <summary>The parameters as recorded in <c>model.json</c> (and compared to decide whether a version can be reproduced).</summary>
    public IReadOnlyDictionary<string, string> ToRecord(string encoderDigest) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["revision"] = Revision,
        ["trainer"] = Trainer,
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["l2Regularization"] = L2Regularization.ToString("R", CultureInfo.InvariantCulture),
        ["maximumIterations"] = MaximumIterations.ToString(CultureInfo.InvariantCulture),
        ["optimizationTolerance"] = OptimizationTolerance.ToString("R", CultureInfo.InvariantCulture),
        ["historySize"] = HistorySize.ToString(CultureInfo.InvariantCulture),
        ["threads"] = "1",
        ["embeddingResolution"] = Embedding.TextEmbedder.Resolution.ToString("R", CultureInfo.InvariantCulture),
        ["weightResolution"] = WeightResolution.ToString("R", CultureInfo.InvariantCulture),
        ["split"] = Data.DataSplits.Description,
        ["encoder"] = encoderDigest,
    };
}
