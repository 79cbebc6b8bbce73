using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>
/// The golden outputs of one model version (<c>models/&lt;name&gt;/&lt;version&gt;/probes.json</c>, read and written by
/// <see cref="ProbeReferencesFile"/>): which model and digest they were recorded from, when, the tolerance, and each probe.
/// </summary>
public sealed record ProbeReferences
{
    [JsonPropertyName("model")] public required string Model { get; init; }

    [JsonPropertyName("version")] public required string Version { get; init; }

    /// <summary>The <see cref="Models.ModelDigest"/> of the model the outputs came from; outputs are compared only for the same digest.</summary>
    [JsonPropertyName("modelDigest")] public required string ModelDigest { get; init; }

    [JsonPropertyName("recordedAt")] public required DateTimeOffset RecordedAt { get; init; }

    [JsonPropertyName("tolerance")] public ProbeTolerance Tolerance { get; init; } = ProbeTolerance.Default;

    [JsonPropertyName("probes")] public required IReadOnlyList<ProbeReference> Probes { get; init; }
}
