using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Images;

/// <summary>
/// The built image, as written to <c>artifacts/image/image.json</c>. <see cref="ReadAsync"/> is the one reader of that
/// file: the build (Push, Deploy) and the Report use it.
/// </summary>
public sealed record ContainerImageResult
{
    // RespectNullableAnnotations: a null where the type allows none is a broken file, not a value to guess around
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, RespectNullableAnnotations = true };

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
    /// <summary>Layers written by the build (models, app) that the engine already held, of <see cref="TotalSteps"/>.</summary>
    [JsonPropertyName("cachedSteps")] public int CachedSteps { get; init; }
    [JsonPropertyName("totalSteps")] public int TotalSteps { get; init; }

    /// <summary>"repository:tag" for every tag.</summary>
    [JsonIgnore] public IEnumerable<string> References => Tags.Select(tag => $"{Repository}:{tag}");

    /// <summary>Writes the image's record to <paramref name="path"/>, creating its directory.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, JsonOptions) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an <c>image.json</c> written by <see cref="WriteAsync"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>: no image has been built there.</exception>
    /// <exception cref="InvalidDataException">The file is not an image record (cut short, hand-edited, another format).</exception>
    public static async Task<ContainerImageResult> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No image record at '{path}': no image has been built there yet. Run the ContainerImage target (./build.sh ContainerImage) to build the image and write it.", path);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<ContainerImageResult>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The image record '{path}' is empty (JSON null). Run the ContainerImage target again to rewrite it.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The image record '{path}' is not a valid image.json: {exception.Message} Run the ContainerImage target again to rewrite it.", exception);
        }
    }
}
