namespace Slipway.Delivery.Models;

/// <summary>A model version on disk: its manifest, its folder, and whether existing files were reused as they were.</summary>
public sealed record MaterializedModel(ModelManifest Manifest, string Directory, bool Reused)
{
    /// <summary>Full path of the <c>model.json</c> written beside the weights.</summary>
    public string ManifestPath => Path.Combine(Directory, ModelManifestFile.FileName);
}
