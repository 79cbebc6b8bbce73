using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Training.Data;

/// <summary>Reads and writes <c>data/manifest.json</c>.</summary>
public static class DataManifestFile
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
    };

    public static string Serialize(DataManifest manifest) => JsonSerializer.Serialize(manifest, Options) + "\n";

    public static async Task<DataManifest> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new DataException($"Data manifest '{path}' does not exist; it lists every dataset under data/ with its classes and files.");
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<DataManifest>(stream, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new DataException($"Data manifest '{path}' is empty; it must be a JSON object with 'datasets'.");
        }
        catch (JsonException exception)
        {
            throw new DataException($"Data manifest '{path}' is not valid: {exception.Message} Fix the file and run again.", exception);
        }
    }

    public static async Task WriteAsync(string path, DataManifest manifest, CancellationToken cancellationToken = default)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Serialize(manifest), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
