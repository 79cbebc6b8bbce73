using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>
/// Where one file of a model version comes from: a resource embedded in a NuGet package (<see cref="Package"/>,
/// <see cref="PackageVersion"/>, <see cref="Resource"/>, the name's suffix), or, for a trained file, the version's own
/// folder under <c>models/</c> (<see cref="Trained"/>), where the training run wrote it.
/// </summary>
public sealed record ModelFileSource
{
    [JsonPropertyName("path")] public required string Path { get; init; }

    [JsonPropertyName("package")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Package { get; init; }

    [JsonPropertyName("packageVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PackageVersion { get; init; }

    [JsonPropertyName("resource")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Resource { get; init; }

    [JsonPropertyName("trained")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Trained { get; init; }
}
