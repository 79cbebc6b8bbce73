using Slipway.Delivery.Images;
using Slipway.Delivery.Models;

namespace Slipway.Delivery.Tests.Images;

public sealed class ImageLabelsTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("slipway-labels-").FullName;

    public void Dispose() => Directory.Delete(_models, recursive: true);

    [Fact]
    public async Task ModelSha256LabelIsTheDigestOverEveryFileOfTheModel()
    {
        // Arrange: the same weights with another vocabulary must give another label
        var manifest = ModelMaterializer.MiniLmManifest;
        var other = manifest with
        {
            Name = "other",
            Files = [manifest.Files[0], manifest.Files[1] with { Sha256 = new string('0', 64) }],
        };
        await WriteAsync(manifest);
        await WriteAsync(other);

        // Act
        var labels = await ImageLabels.ForAsync(Request());

        // Assert
        labels[ImageLabels.ModelName].ShouldBe("minilm,other");
        labels[ImageLabels.ModelSha256].ShouldBe($"{ModelDigest.Compute(manifest)},{ModelDigest.Compute(other)}");
        ModelDigest.Compute(other).ShouldNotBe(ModelDigest.Compute(manifest));
    }

    private async Task WriteAsync(ModelManifest manifest)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_models, manifest.Name, manifest.Version)).FullName;
        await ModelManifestFile.WriteAsync(Path.Combine(directory, ModelManifestFile.FileName), manifest);
    }

    private ContainerImageRequest Request() => new()
    {
        PublishDirectory = _models,
        ModelDirectory = _models,
        BaseImage = "base:1",
        Version = new ImageVersion("1.0.0", "0123456789abcdef0123456789abcdef01234567"),
    };
}
