using Slipway.Delivery.Models;

namespace Slipway.Delivery.Tests.Models;

public sealed class ModelManifestFileTests
{
    [Fact]
    public async Task WrittenManifestReadsBackEqual()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");

        try
        {
            // Act
            await ModelManifestFile.WriteAsync(path, ModelMaterializer.MiniLmManifest);
            var read = await ModelManifestFile.ReadAsync(path);

            // Assert
            ModelManifestFile.Serialize(read).ShouldBe(ModelManifestFile.Serialize(ModelMaterializer.MiniLmManifest));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task InvalidManifestErrorNamesTheFileAndHowToFixIt()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, "{ \"name\": ");

        try
        {
            // Act
            var exception = await Should.ThrowAsync<InvalidDataException>(() => ModelManifestFile.ReadAsync(path));

            // Assert
            exception.Message.ShouldContain($"Model manifest '{path}' is not valid");
            exception.Message.ShouldContain("materialise the model again");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ANullWhereTheManifestRequiresAValueIsRejected()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, """
            {"name":"minilm","version":"1","kind":"text-embedding","files":null,"inputs":[],"outputs":[]}
            """);

        try
        {
            // Act
            var exception = await Should.ThrowAsync<InvalidDataException>(() => ModelManifestFile.ReadAsync(path));

            // Assert
            exception.Message.ShouldContain($"Model manifest '{path}' is not valid");
            exception.Message.ShouldContain("files");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
