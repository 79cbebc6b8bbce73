using Slipway.Serving.Configuration;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Repository;

public sealed class ModelRepositoryTests
{
    [Fact]
    public async Task HighestNumericVersionIsTheDefault()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder("9").WithAdder("10");
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartAsync();

        // Act
        var (status, body) = await client.GetJsonAsync("/v2/models/adder/ready");
        var (_, metadata) = await client.GetJsonAsync("/v2/models/adder");

        // Assert
        status.ShouldBe(200);
        body!["version"]!.GetValue<string>().ShouldBe("10");
        metadata!["versions"]!.ToJsonString().ShouldBe("""["9","10"]""");
    }

    [Fact]
    public async Task FoldersWithoutAManifestAreIgnored()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        Directory.CreateDirectory(Path.Combine(repository.Root, "notes", "1"));
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartAsync();

        // Act
        var (status, _) = await client.GetJsonAsync("/v2/models/notes");

        // Assert
        status.ShouldBe(404);
    }

    [Fact]
    public void RelativeRepositoryIsFoundFromTheContentRootUpwards()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder();
        var models = Path.Combine(repository.Root, "artifacts", "models");
        Directory.CreateDirectory(models);
        var deep = Path.Combine(repository.Root, "source", "app", "bin");
        Directory.CreateDirectory(deep);

        // Act
        var found = ModelRepositoryLocator.TryResolve("artifacts/models", deep, out var path);

        // Assert
        found.ShouldBeTrue();
        path.ShouldBe(models);
    }

    [Fact]
    public void MissingRepositoryIsNotFound() =>
        ModelRepositoryLocator.TryResolve("/nonexistent/slipway/models", "/", out _).ShouldBeFalse();
}
