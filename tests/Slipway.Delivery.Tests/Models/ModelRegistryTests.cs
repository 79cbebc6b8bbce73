using Slipway.Delivery.Models;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Models;

public sealed class ModelRegistryTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"slipway-registry-{Guid.NewGuid():N}", "registry.json");

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_path)))
        {
            Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        }
    }

    private static ModelRegistry TwoVersions() => ModelRegistry.Empty
        .Register("router", new RegisteredVersion("1", At, 0.9, 0.89))
        .MoveAlias("router", ModelRegistry.Champion, "1", "trainer", "first", At)
        .Register("router", new RegisteredVersion("2", At, 0.95, 0.94));

    [Fact]
    public void MovingAnAliasRecordsWhoWhyAndTheVersionItLeft()
    {
        var registry = TwoVersions().MoveAlias("router", ModelRegistry.Champion, "2", "alice@host", "better recall on outages", At.AddHours(1));

        registry.Resolve("router", ModelRegistry.Champion).ShouldBe("2");
        registry.Models["router"].History[^1].ShouldBe(new AliasChange(ModelRegistry.Champion, "2", "1", "alice@host", "better recall on outages", At.AddHours(1)));
    }

    [Fact]
    public void AVersionHoldsOneAliasAtATime()
    {
        var registry = TwoVersions()
            .MoveAlias("router", ModelRegistry.Challenger, "2", "trainer", "kept", At)
            .MoveAlias("router", ModelRegistry.Champion, "2", "alice", "promote", At);

        registry.Models["router"].Aliases.ShouldBe(new Dictionary<string, string> { [ModelRegistry.Champion] = "2" });
    }

    [Fact]
    public void MovingToAnUnknownVersionListsTheVersionsThereAre()
    {
        var error = Should.Throw<InvalidOperationException>(() => TwoVersions().MoveAlias("router", ModelRegistry.Champion, "7", "alice", "why", At));

        error.Message.ShouldBe("Model 'router' has no version '7' in the registry; its versions are '1', '2'.");
    }

    [Fact]
    public void MovingAnAliasOfAnUnknownModelListsTheModels()
    {
        var error = Should.Throw<InvalidOperationException>(() => TwoVersions().MoveAlias("routr", ModelRegistry.Champion, "1", "alice", "why", At));

        error.Message.ShouldBe("Model 'routr' is not in the registry; registered models are 'router'.");
    }

    [Fact]
    public void RegisteringAVersionTwiceIsRefused() =>
        Should.Throw<InvalidOperationException>(() => TwoVersions().Register("router", new RegisteredVersion("2", At)))
            .Message.ShouldContain("already has a version '2'");

    [Fact]
    public async Task TheFileReadsBackWhatWasWrittenAndListsChampionsByModel()
    {
        var registry = TwoVersions()
            .Register("minilm", new RegisteredVersion("1", At))
            .MoveAlias("minilm", ModelRegistry.Champion, "1", "slipway", "first", At);

        await ModelRegistryFile.WriteAsync(_path, registry);
        var read = await ModelRegistryFile.ReadAsync(_path);

        ModelRegistryFile.Serialize(read).ShouldBe(ModelRegistryFile.Serialize(registry));
        read.Champions().ShouldBe([("minilm", "1"), ("router", "1")]);
        read.LatestVersionNumber("router").ShouldBe(2);
    }

    [Fact]
    public async Task TheCommittedRegistryHasAChampionForEveryModelWithItsManifestCommitted()
    {
        var root = RepositoryLayout.Root;
        var registry = await ModelRegistryFile.ReadAsync(Path.Combine(root, "models", "registry.json"));

        registry.Champions().Select(c => c.Model).ShouldContain("minilm");
        foreach (var (model, version) in registry.Champions())
        {
            File.Exists(Path.Combine(root, "models", model, version, "model.json")).ShouldBeTrue($"{model}/{version}");
        }
    }
}
