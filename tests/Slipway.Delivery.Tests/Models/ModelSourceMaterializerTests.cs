using System.Security.Cryptography;
using Slipway.Delivery.Models;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Models;

/// <summary>The generic materialiser on the committed MiniLM manifest (real package resources) and a trained file beside a manifest.</summary>
public sealed class ModelSourceMaterializerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-sources-" + Guid.NewGuid().ToString("N"));

    private string Repository => Path.Combine(_root, "repository");

    private string Output => Path.Combine(_root, "output");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A repository with the committed MiniLM manifest and a trained 'toy' model whose only file is trained here.</summary>
    private async Task<byte[]> WriteRepositoryAsync(string? toyChampion = "2")
    {
        Directory.CreateDirectory(Path.Combine(Repository, "minilm", "1"));
        File.Copy(Path.Combine(RepositoryLayout.Root, "models", "minilm", "1", "model.json"), Path.Combine(Repository, "minilm", "1", "model.json"));
        byte[] weights = [1, 2, 3, 4, 5];
        foreach (var version in new[] { "1", "2" })
        {
            var directory = Path.Combine(Repository, "toy", version);
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, "head.onnx"), weights);
            await ModelManifestFile.WriteAsync(Path.Combine(directory, "model.json"), new ModelManifest
            {
                Name = "toy",
                Version = version,
                Kind = "onnx",
                Files = [new ModelFileEntry("head.onnx", Convert.ToHexStringLower(SHA256.HashData(weights)), weights.Length)],
                Inputs = [new TensorSpecification("x", "FP32", [-1, 1])],
                Outputs = [new TensorSpecification("y", "FP32", [-1, 1])],
                Sources = [new ModelFileSource { Path = "head.onnx", Trained = true }],
            });
        }

        var registry = ModelRegistry.Empty
            .Register("minilm", new RegisteredVersion("1", At)).MoveAlias("minilm", ModelRegistry.Champion, "1", "test", "first", At)
            .Register("toy", new RegisteredVersion("1", At)).Register("toy", new RegisteredVersion("2", At));
        if (toyChampion is not null)
        {
            registry = registry.MoveAlias("toy", ModelRegistry.Champion, toyChampion, "test", "better", At);
        }

        await ModelRegistryFile.WriteAsync(Path.Combine(Repository, "registry.json"), registry);
        return weights;
    }

    [Fact]
    public async Task MaterialisesEveryChampionFromItsSourcesAndNothingElse()
    {
        var weights = await WriteRepositoryAsync();
        Directory.CreateDirectory(Path.Combine(Output, "toy", "1"));   // an earlier champion
        Directory.CreateDirectory(Path.Combine(Output, "gone", "3"));  // a model no longer served

        var models = await ModelSourceMaterializer.MaterializeChampionsAsync(Repository, ModelMaterializer.DefaultNuGetPackagesRoot(), Output);

        models.Select(m => (m.Manifest.Name, m.Manifest.Version)).ShouldBe([("minilm", "1"), ("toy", "2")]);
        (await ModelMaterializer.ComputeSha256Async(Path.Combine(Output, "minilm", "1", "model.onnx"))).ShouldBe(ModelMaterializer.MiniLmModelSha256);
        (await ModelMaterializer.ComputeSha256Async(Path.Combine(Output, "minilm", "1", "vocab.txt"))).ShouldBe(ModelMaterializer.MiniLmVocabularySha256);
        (await File.ReadAllBytesAsync(Path.Combine(Output, "toy", "2", "head.onnx"))).ShouldBe(weights);
        Directory.GetDirectories(Output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["minilm", "toy"]);
        Directory.GetDirectories(Path.Combine(Output, "toy")).Select(Path.GetFileName).ShouldBe(["2"]);
    }

    [Fact]
    public async Task ASecondRunReusesFilesThatAlreadyHaveTheirSha256()
    {
        await WriteRepositoryAsync();
        await ModelSourceMaterializer.MaterializeChampionsAsync(Repository, ModelMaterializer.DefaultNuGetPackagesRoot(), Output);

        var again = await ModelSourceMaterializer.MaterializeChampionsAsync(Repository, Path.Combine(_root, "no-packages-needed"), Output);

        again.ShouldAllBe(m => m.Reused);
    }

    [Fact]
    public async Task MissingTrainedWeightsAskForTraining()
    {
        await WriteRepositoryAsync();
        File.Delete(Path.Combine(Repository, "toy", "2", "head.onnx"));

        var error = await Should.ThrowAsync<FileNotFoundException>(() =>
            ModelSourceMaterializer.MaterializeChampionsAsync(Repository, ModelMaterializer.DefaultNuGetPackagesRoot(), Output));

        error.Message.ShouldContain("model 'toy' version '2' is trained here and its weights are not in git; run ./build.sh Train");
    }

    [Fact]
    public async Task ReplacedTrainedWeightsAreRefusedNamingBothDigests()
    {
        await WriteRepositoryAsync();
        await File.WriteAllBytesAsync(Path.Combine(Repository, "toy", "2", "head.onnx"), [9, 9]);

        var error = await Should.ThrowAsync<InvalidDataException>(() =>
            ModelSourceMaterializer.MaterializeChampionsAsync(Repository, ModelMaterializer.DefaultNuGetPackagesRoot(), Output));

        error.Message.ShouldContain($"has SHA-256 {Convert.ToHexStringLower(SHA256.HashData(new byte[] { 9, 9 }))}, but the manifest records {Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3, 4, 5 }))}");
        File.Exists(Path.Combine(Output, "toy", "2", "head.onnx")).ShouldBeFalse();
    }

    [Fact]
    public async Task AModelWithoutAChampionIsNotServed()
    {
        await WriteRepositoryAsync(toyChampion: null);

        var models = await ModelSourceMaterializer.MaterializeChampionsAsync(Repository, ModelMaterializer.DefaultNuGetPackagesRoot(), Output);

        models.Select(m => m.Manifest.Name).ShouldBe(["minilm"]);
    }
}
