using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>
/// How close a probe's outputs must be to its references: every element within <see cref="Absolute"/>, and for
/// floating-point outputs every row (the last dimension, e.g. one embedding) at a cosine similarity of at least <see cref="MinCosine"/>.
/// </summary>
public sealed record ProbeTolerance
{
    public static ProbeTolerance Default { get; } = new();

    [JsonPropertyName("absolute")] public double Absolute { get; init; } = 1e-4;

    [JsonPropertyName("minCosine")] public double MinCosine { get; init; } = 0.9999;
}
