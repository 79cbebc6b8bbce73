using System.Globalization;
using Slipway.Delivery.Models;

namespace Slipway.Delivery.Images;

/// <summary>The OCI labels (and model labels) the image carries.</summary>
public static class ImageLabels
{
    public const string Version = "org.opencontainers.image.version";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Source = "org.opencontainers.image.source";
    public const string Created = "org.opencontainers.image.created";
    public const string Title = "org.opencontainers.image.title";
    public const string BaseName = "org.opencontainers.image.base.name";
    public const string ModelName = "org.slipway.model.name";
    public const string ModelVersion = "org.slipway.model.version";
    public const string ModelSha256 = "org.slipway.model.sha256";

    /// <summary>
    /// Labels for a request. With several models, name/version/sha256 are comma-separated in the same order.
    /// The <see cref="ModelSha256"/> label keeps its name but holds each model's <see cref="ModelDigest"/>: one SHA-256 over
    /// the path, sha256 and size of every file the manifest lists (no longer the weights file's own SHA-256).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ForAsync(ContainerImageRequest request, CancellationToken cancellationToken = default)
    {
        var manifests = new List<ModelManifest>();
        foreach (var path in Directory.EnumerateFiles(request.ModelDirectory, ModelManifestFile.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            manifests.Add(await ModelManifestFile.ReadAsync(path, cancellationToken).ConfigureAwait(false));
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Title] = request.Repository,
            [Version] = request.Version.SemanticVersion,
            [Revision] = request.Version.Commit,
            [Created] = request.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            [BaseName] = request.BaseImage,
            [ModelName] = string.Join(',', manifests.Select(manifest => manifest.Name)),
            [ModelVersion] = string.Join(',', manifests.Select(manifest => manifest.Version)),
            [ModelSha256] = string.Join(',', manifests.Select(ModelDigest.Compute)),
        };
        if (!string.IsNullOrWhiteSpace(request.Source))
        {
            labels[Source] = request.Source;
        }

        return labels;
    }
}
