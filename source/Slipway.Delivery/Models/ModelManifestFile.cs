using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>Reads and writes <c>model.json</c>: the one reader of the file in Delivery, the build and the report.</summary>
public static class ModelManifestFile
{
    public const string FileName = "model.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // a null where the manifest requires a value is a broken file, not something for each reader to guard against
        RespectNullableAnnotations = true,
    };

    public static string Serialize(ModelManifest manifest) =>
        JsonSerializer.Serialize(manifest, Options) + "\n";

    public static async Task<ModelManifest> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<ModelManifest>(stream, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Model manifest '{path}' is empty; it must be a JSON object with name, version, kind, files, inputs and outputs.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Model manifest '{path}' is not valid: {exception.Message} Fix the file or materialise the model again.", exception);
        }
    }

    public static async Task WriteAsync(string path, ModelManifest manifest, CancellationToken cancellationToken = default)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Serialize(manifest), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
