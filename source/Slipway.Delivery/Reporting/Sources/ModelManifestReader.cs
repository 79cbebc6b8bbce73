using System.Text.Json;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Reads <c>artifacts/models/&lt;name&gt;/&lt;version&gt;/model.json</c> manifests.</summary>
internal static class ModelManifestReader
{
    public static async Task<ModelsSection> ReadAsync(string? directory, PathDisplay display, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        if (directory is null || !Directory.Exists(directory))
            return new ModelsSection { Reason = $"No models directory at '{display.Show(directory)}'; the Model target materialises models there." };
        var manifests = Directory.GetFiles(directory, "model.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var models = new List<ModelReport>();
        foreach (var manifest in manifests)
        {
            try
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(manifest, cancellationToken).ConfigureAwait(false));
                var root = document.RootElement;
                var folder = Path.GetDirectoryName(manifest)!;
                models.Add(new ModelReport(
                    JsonRead.String(root, "name") ?? Path.GetFileName(Path.GetDirectoryName(folder)) ?? "(unnamed)",
                    JsonRead.String(root, "version") ?? Path.GetFileName(folder),
                    JsonRead.String(root, "kind"),
                    JsonRead.Array(root, "files")
                        .Select(f => new ModelFile(JsonRead.String(f, "path", "name") ?? "(unnamed)", JsonRead.String(f, "sha256")))
                        .ToArray()));
            }
            catch (JsonException exception)
            {
                warnings.Add($"Model manifest '{display.Show(manifest)}' is not valid JSON ({exception.Message}); left out.");
            }
        }
        return models.Count == 0
            ? new ModelsSection { Reason = $"No readable model.json below '{display.Show(directory)}'; run the Model target." }
            : new ModelsSection { Items = models };
    }
}
