using System.Text.Json;
using Slipway.Delivery.Models;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>
/// Turns the <c>artifacts/models/&lt;name&gt;/&lt;version&gt;/model.json</c> manifests, read by
/// <see cref="ModelManifestFile.ReadAsync"/>, into the report's models section.
/// </summary>
internal static class ModelManifestReader
{
    public static async Task<ModelsSection> ReadAsync(string? directory, PathDisplay display, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        if (directory is null || !Directory.Exists(directory))
            return new ModelsSection { Reason = $"No models directory at '{display.Show(directory)}'; the Model target materialises models there." };
        var manifests = Directory.GetFiles(directory, ModelManifestFile.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var models = new List<ModelReport>();
        foreach (var path in manifests)
        {
            try
            {
                var manifest = await ModelManifestFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                models.Add(new ModelReport(
                    manifest.Name,
                    manifest.Version,
                    manifest.Kind,
                    manifest.Files.Select(f => new ModelFile(f.Path, f.Sha256)).ToArray()));
            }
            catch (InvalidDataException exception) when (exception.InnerException is JsonException json)
            {
                warnings.Add($"Model manifest '{display.Show(path)}' is not valid JSON ({json.Message}); left out.");
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                warnings.Add($"Model manifest '{display.Show(path)}' cannot be read ({exception.Message}); left out.");
            }
        }
        return models.Count == 0
            ? new ModelsSection { Reason = $"No readable model.json below '{display.Show(directory)}'; run the Model target." }
            : new ModelsSection { Items = models };
    }
}
