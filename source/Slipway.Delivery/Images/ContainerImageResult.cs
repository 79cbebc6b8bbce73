using System.Text.Json.Serialization;

namespace Slipway.Delivery.Images;

/// <summary>The built image, as written to <c>artifacts/image/image.json</c> (the Report reads it).</summary>
public sealed record ContainerImageResult
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("repository")] public required string Repository { get; init; }
    [JsonPropertyName("tags")] public required IReadOnlyList<string> Tags { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("layers")] public required IReadOnlyList<ImageLayer> Layers { get; init; }
    [JsonPropertyName("labels")] public required IReadOnlyDictionary<string, string> Labels { get; init; }
    /// <summary>pulled | reused | bootstrapped</summary>
    [JsonPropertyName("basePath")] public required string BasePath { get; init; }
    [JsonPropertyName("baseImage")] public required string BaseImage { get; init; }
    [JsonPropertyName("buildSeconds")] public required double BuildSeconds { get; init; }
    /// <summary>Digest of the layer holding /models (unchanged while the model files are unchanged).</summary>
    [JsonPropertyName("modelLayer")] public string? ModelLayer { get; init; }
    /// <summary>Build steps the daemon took from its cache, e.g. 6 of 8.</summary>
    [JsonPropertyName("cachedSteps")] public int CachedSteps { get; init; }
    [JsonPropertyName("totalSteps")] public int TotalSteps { get; init; }

    /// <summary>"repository:tag" for every tag.</summary>
    [JsonIgnore] public IEnumerable<string> References => Tags.Select(tag => $"{Repository}:{tag}");
}
