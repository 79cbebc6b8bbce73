using System.Text.Json;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Reads <c>artifacts/image/image.json</c>, accepting the usual spellings of each field.</summary>
internal static class ImageManifestReader
{
    public static async Task<ImageSection> ReadAsync(string? path, PathDisplay display, CancellationToken cancellationToken)
    {
        if (path is null || !File.Exists(path))
            return new ImageSection { Reason = $"No image manifest at '{display.Show(path)}'; the ContainerImage target writes it." };
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new ImageSection { Reason = $"The image manifest '{display.Show(path)}' is not a JSON object; run the ContainerImage target again." };
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (JsonRead.Property(root, "labels") is { ValueKind: JsonValueKind.Object } labelElement)
            {
                foreach (var label in labelElement.EnumerateObject())
                    labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
            }
            return new ImageSection
            {
                Id = JsonRead.String(root, "id", "imageId"),
                Repository = JsonRead.String(root, "repository", "repo", "name"),
                Tags = JsonRead.Strings(root, "tags"),
                SizeBytes = JsonRead.Long(root, "size", "sizeBytes"),
                Layers = JsonRead.Array(root, "layers")
                    .Select(l => l.ValueKind == JsonValueKind.String
                        ? new ImageLayer(l.GetString(), null, null)
                        : new ImageLayer(
                            JsonRead.String(l, "id", "digest", "diffId"),
                            JsonRead.Long(l, "size", "sizeBytes"),
                            JsonRead.String(l, "createdBy", "command", "description")))
                    .ToArray(),
                Labels = labels,
                BasePath = JsonRead.String(root, "basePath", "baseSource"),
                BaseImage = JsonRead.String(root, "baseImage"),
                CachedSteps = JsonRead.Int(root, "cachedSteps"),
                TotalSteps = JsonRead.Int(root, "totalSteps"),
                BuildSeconds = JsonRead.Double(root, "buildSeconds", "buildDurationSeconds") ?? JsonRead.Double(root, "buildMs") / 1000,
            };
        }
        catch (JsonException exception)
        {
            return new ImageSection { Reason = $"The image manifest '{display.Show(path)}' is not valid JSON ({exception.Message}); run the ContainerImage target again." };
        }
    }
}
