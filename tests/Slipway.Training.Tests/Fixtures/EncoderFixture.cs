using Slipway.Delivery.Models;

namespace Slipway.Training.Tests.Fixtures;

/// <summary>
/// The real all-MiniLM-L6-v2 materialised once per test class, and an embedding cache shared by its tests, so the
/// dataset is embedded once and each later training run takes a second or two.
/// </summary>
public sealed class EncoderFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-encoder-" + Guid.NewGuid().ToString("N")[..12]);

    public string Directory => Path.Combine(_root, "models", ModelMaterializer.MiniLmName, ModelMaterializer.MiniLmVersion);

    public string Cache => Path.Combine(_root, "cache");

    public async Task InitializeAsync() =>
        await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), Path.Combine(_root, "models"));

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
