using Slipway.Training.Heads;

namespace Slipway.Training;

/// <summary>One training run: which model from which dataset, the encoder's folder, the gate's bounds and whether to promote.</summary>
public sealed record TrainingOptions
{
    public required string RepositoryRoot { get; init; }
    public required string Model { get; init; }
    public required string Dataset { get; init; }

    /// <summary>The materialised encoder model (its <c>model.json</c>, graph and vocabulary).</summary>
    public required string EncoderDirectory { get; init; }

    /// <summary>Where embeddings are cached between runs; null keeps none.</summary>
    public string? CacheDirectory { get; init; }

    public double MinAccuracy { get; init; } = 0.85;
    public double MaxRegression { get; init; } = 0.02;
    public bool Promote { get; init; } = true;
    public string By { get; init; } = Environment.UserName;
    public TrainingParameters Parameters { get; init; } = new();

    public string DataRoot => Path.Combine(RepositoryRoot, "data");
    public string ModelsRoot => Path.Combine(RepositoryRoot, "models");
    public string RegistryPath => Path.Combine(ModelsRoot, Delivery.Models.ModelRegistryFile.FileName);
}
