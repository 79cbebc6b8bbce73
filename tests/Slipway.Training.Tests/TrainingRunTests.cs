using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Slipway.Delivery.Models;
using Slipway.Training.Data;
using Slipway.Training.Tests.Fixtures;

namespace Slipway.Training.Tests;

/// <summary>Training runs on the committed dataset with the real all-MiniLM-L6-v2 encoder (embedded once per class, then cached).</summary>
public sealed class TrainingRunTests(EncoderFixture encoder) : IClassFixture<EncoderFixture>, IDisposable
{
    private const string Model = "support-router";
    private readonly List<RepositoryCopy> _repositories = [];
    private readonly StringWriter _log = new();

    public void Dispose()
    {
        foreach (var repository in _repositories)
        {
            repository.Dispose();
        }
    }

    private RepositoryCopy NewRepository()
    {
        var repository = new RepositoryCopy();
        _repositories.Add(repository);
        return repository;
    }

    private TrainingOptions Options(RepositoryCopy repository, bool cache = true) => new()
    {
        RepositoryRoot = repository.Root,
        Model = Model,
        Dataset = "support-requests",
        EncoderDirectory = encoder.Directory,
        CacheDirectory = cache ? encoder.Cache : null,
        By = "test",
    };

    private Task<TrainingOutcome> TrainAsync(TrainingOptions options) => new TrainingRun(options, _log).RunAsync();

    private static string VersionDirectory(RepositoryCopy repository, string version) => Path.Combine(repository.Root, "models", Model, version);

    [Fact]
    public async Task RegistersTheFirstVersionAsChampionWithItsMetricsDataDigestAndWeights()
    {
        var repository = NewRepository();

        var outcome = await TrainAsync(Options(repository));

        outcome.Result.ShouldBe(TrainingResult.Registered);
        outcome.Version.ShouldBe("1");
        var registry = await ModelRegistryFile.ReadAsync(Path.Combine(repository.Root, "models", "registry.json"));
        registry.Resolve(Model, ModelRegistry.Champion).ShouldBe("1");
        registry.Models[Model].History.Single().By.ShouldBe("test");
        var manifest = await ModelManifestFile.ReadAsync(Path.Combine(VersionDirectory(repository, "1"), "model.json"));
        manifest.Kind.ShouldBe("text-classification");
        manifest.TextClassification!.Classes.ShouldBe(["account-access", "billing", "data-privacy", "feature-request", "outage"]);
        manifest.Outputs.Select(o => (o.Name, o.Datatype)).ShouldBe([("label", "BYTES"), ("probabilities", "FP32")]);
        var training = manifest.Training!;
        training.Test.Accuracy.ShouldBeGreaterThanOrEqualTo(0.85);
        training.Test.MacroF1.ShouldBeGreaterThanOrEqualTo(0.85);
        training.Test.Confusion.Sum(r => r.Sum()).ShouldBe(training.Rows.Test);
        training.Parent.ShouldBeNull();
        training.DataSha256["support-requests/requests.tsv"].ShouldBe(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(repository.DataFile))));
        var head = await File.ReadAllBytesAsync(Path.Combine(VersionDirectory(repository, "1"), "head.onnx"));
        Convert.ToHexStringLower(SHA256.HashData(head)).ShouldBe(training.WeightsSha256);
        manifest.Files.Single(f => f.Path == "head.onnx").Sha256.ShouldBe(training.WeightsSha256);
        manifest.Sources!.Select(s => (s.Path, s.Trained)).ShouldBe([("model.onnx", false), ("vocab.txt", false), ("head.onnx", true)]);
    }

    [Fact]
    public async Task TheSameDataAndParametersGiveTheSameWeightsInAnotherCloneWithoutTheCache()
    {
        var first = await TrainAsync(Options(NewRepository()));
        var second = await TrainAsync(Options(NewRepository(), cache: false));

        second.Manifest.Training!.WeightsSha256.ShouldBe(first.Manifest.Training!.WeightsSha256);
        second.Manifest.Training.Test.ShouldBeEquivalentTo(first.Manifest.Training.Test);
    }

    [Fact]
    public async Task UnchangedDataIsUpToDateAndMissingWeightsAreTrainedAgainToTheRecordedSha256()
    {
        var repository = NewRepository();
        var registered = await TrainAsync(Options(repository));

        var again = await TrainAsync(Options(repository));
        File.Delete(Path.Combine(VersionDirectory(repository, "1"), "head.onnx"));
        var reproduced = await TrainAsync(Options(repository));

        again.Result.ShouldBe(TrainingResult.UpToDate);
        reproduced.Result.ShouldBe(TrainingResult.Reproduced);
        reproduced.Version.ShouldBe("1");
        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(VersionDirectory(repository, "1"), "head.onnx"))))
            .ShouldBe(registered.Manifest.Training!.WeightsSha256);
        (await ModelRegistryFile.ReadAsync(Path.Combine(repository.Root, "models", "registry.json"))).Models[Model].Versions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task WeightsThatDoNotReproduceTheRecordedSha256AreAnErrorNamingBothDigests()
    {
        var repository = NewRepository();
        var registered = await TrainAsync(Options(repository));
        var manifestPath = Path.Combine(VersionDirectory(repository, "1"), "model.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        var recorded = new string('a', 64);
        json["training"]!["weightsSha256"] = recorded;
        await File.WriteAllTextAsync(manifestPath, json.ToJsonString());
        File.Delete(Path.Combine(VersionDirectory(repository, "1"), "head.onnx"));

        var error = await Should.ThrowAsync<TrainingFailedException>(() => TrainAsync(Options(repository)));

        error.Message.ShouldContain($"gave weights with sha256 {registered.Manifest.Training!.WeightsSha256}");
        error.Message.ShouldContain($"records {recorded}");
        File.Exists(Path.Combine(VersionDirectory(repository, "1"), "head.onnx")).ShouldBeFalse();
    }

    [Fact]
    public async Task NewRowsTrainANewVersionWhoseParentIsTheChampionAndNoPromoteKeepsItAsChallenger()
    {
        var repository = NewRepository();
        await TrainAsync(Options(repository));
        var rowsBefore = File.ReadAllLines(repository.DataFile).Length - 1;
        repository.EditRows(lines => [.. lines, "new-0001\tThe invoice for November charges us twice for the same seats.\tbilling",
            "new-0002\tAll requests to the endpoint fail with 502 since noon.\toutage"]);

        var outcome = await TrainAsync(Options(repository) with { Promote = false });

        outcome.Result.ShouldBe(TrainingResult.Registered);
        outcome.Version.ShouldBe("2");
        outcome.Alias.ShouldBe(ModelRegistry.Challenger);
        outcome.Manifest.Training!.Parent.ShouldBe("1");
        var registry = await ModelRegistryFile.ReadAsync(Path.Combine(repository.Root, "models", "registry.json"));
        registry.Resolve(Model, ModelRegistry.Champion).ShouldBe("1");
        registry.Resolve(Model, ModelRegistry.Challenger).ShouldBe("2");
        var data = await DataManifestFile.ReadAsync(Path.Combine(repository.Root, "data", "manifest.json"));
        data.Datasets[0].Files[0].Rows.ShouldBe(rowsBefore + 2);
        data.Datasets[0].Files[0].Sha256.ShouldBe(outcome.Manifest.Training.DataSha256["support-requests/requests.tsv"]);
    }

    [Fact]
    public async Task AVersionWorseThanTheChampionIsRefusedWithTheSideBySideTableAndNothingIsRegistered()
    {
        var repository = NewRepository();
        await TrainAsync(Options(repository));
        var registryPath = Path.Combine(repository.Root, "models", "registry.json");
        var before = await File.ReadAllTextAsync(registryPath);
        // mislabel most training rows of two classes as each other
        repository.EditRows(lines => [.. lines.Select((line, i) =>
        {
            if (i == 0 || i % 4 == 0 || DataSplits.Of(line[..line.IndexOf('\t')]) != DataSplit.Train)
            {
                return line;
            }

            return line.EndsWith("\tbilling", StringComparison.Ordinal) ? line[..^"billing".Length] + "outage"
                : line.EndsWith("\toutage", StringComparison.Ordinal) ? line[..^"outage".Length] + "billing" : line;
        })]);

        var error = await Should.ThrowAsync<TrainingFailedException>(() => TrainAsync(Options(repository)));

        error.Message.ShouldContain("version 2 failed its quality gate and was not registered");
        error.Message.ShouldContain("worse than champion 1's");
        error.Message.ShouldContain("candidate 2");
        error.Message.ShouldContain("champion 1");
        (await File.ReadAllTextAsync(registryPath)).ShouldBe(before);
        Directory.Exists(VersionDirectory(repository, "2")).ShouldBeFalse();
        Directory.GetDirectories(Path.Combine(repository.Root, "models", Model)).Select(Path.GetFileName).ShouldBe(["1"]);
    }

    [Fact]
    public async Task BadDataRegistersNothing()
    {
        var repository = NewRepository();
        repository.EditRows(lines => [.. lines, lines[1]]);

        var error = await Should.ThrowAsync<DataException>(() => TrainAsync(Options(repository)));

        error.Message.ShouldContain("duplicate id");
        File.Exists(Path.Combine(repository.Root, "models", "registry.json")).ShouldBeFalse();
        Directory.Exists(Path.Combine(repository.Root, "models", Model)).ShouldBeFalse();
    }
}
