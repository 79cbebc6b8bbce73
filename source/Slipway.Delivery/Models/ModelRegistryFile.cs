using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>Reads and writes <c>models/registry.json</c>: the one reader of the file for the build, training and the report.</summary>
public static class ModelRegistryFile
{
    public const string FileName = "registry.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
    };

    public static string Serialize(ModelRegistry registry) => JsonSerializer.Serialize(registry, Options) + "\n";

    /// <summary>The registry at <paramref name="path"/>, or an empty one when the file does not exist.</summary>
    public static async Task<ModelRegistry> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return ModelRegistry.Empty;
        }

        await using var stream = File.OpenRead(path);
        try
        {
            var registry = await JsonSerializer.DeserializeAsync<ModelRegistry>(stream, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Model registry '{path}' is empty; it must be a JSON object with 'models'.");
            return registry with { Models = new SortedDictionary<string, RegisteredModel>(registry.Models.ToDictionary(), StringComparer.Ordinal) };
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Model registry '{path}' is not valid: {exception.Message} Fix the file (git restore it) and run again.", exception);
        }
    }

    public static async Task WriteAsync(string path, ModelRegistry registry, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Serialize(registry), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
