using System.Text.Json;
using Slipway.Delivery.Images;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Turns <c>artifacts/image/image.json</c>, read by <see cref="ContainerImageResult.ReadAsync"/>, into the report's image section.</summary>
internal static class ImageManifestReader
{
    public static async Task<ImageSection> ReadAsync(string? path, PathDisplay display, CancellationToken cancellationToken)
    {
        if (path is null || !File.Exists(path))
            return new ImageSection { Reason = $"No image manifest at '{display.Show(path)}'; the ContainerImage target writes it." };
        ContainerImageResult image;
        try
        {
            image = await ContainerImageResult.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception) when (exception.InnerException is JsonException json)
        {
            return new ImageSection { Reason = $"The image manifest '{display.Show(path)}' is not valid JSON ({json.Message}); run the ContainerImage target again." };
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return new ImageSection { Reason = $"The image manifest '{display.Show(path)}' cannot be read ({exception.Message}); run the ContainerImage target again." };
        }
        return new ImageSection
        {
            Id = image.Id,
            Repository = image.Repository,
            Tags = image.Tags,
            SizeBytes = image.Size,
            Layers = image.Layers.Select(l => new Model.ImageLayer(l.Digest, l.Size, l.CreatedBy)).ToArray(),
            Labels = new SortedDictionary<string, string>(image.Labels.ToDictionary(), StringComparer.Ordinal),
            BasePath = image.BasePath,
            BaseImage = image.BaseImage,
            CachedSteps = image.CachedSteps,
            TotalSteps = image.TotalSteps,
            BuildSeconds = image.BuildSeconds,
        };
    }
}
