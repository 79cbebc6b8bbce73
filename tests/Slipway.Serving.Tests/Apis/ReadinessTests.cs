using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

public sealed class ReadinessTests
{
    [Fact]
    public async Task ShaMismatchLeavesThatModelNotReadyAndSaysWhyInTheLog()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder("1").WithAdder("1", name: "broken");
        File.AppendAllText(Path.Combine(repository.VersionDirectory("broken", "1"), "model.onnx"), "tampered");
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartSettledAsync();

        // Act
        var (serverStatus, server) = await client.GetJsonAsync("/v2/health/ready");
        var (brokenStatus, broken) = await client.GetJsonAsync("/v2/models/broken/ready");
        var (adderStatus, _) = await client.GetJsonAsync("/v2/models/adder/ready");
        var (inferStatus, infer, _) = await client.PostJsonAsync("/v2/models/broken/infer", "{\"inputs\":[]}");

        // Assert
        serverStatus.ShouldBe(503);
        server!["ready"]!.GetValue<bool>().ShouldBeFalse();
        brokenStatus.ShouldBe(503);
        broken!["error"]!.GetValue<string>().ShouldContain("'model.onnx' has SHA-256");
        adderStatus.ShouldBe(200);
        inferStatus.ShouldBe(503);
        infer!["error"]!.GetValue<string>().ShouldContain("failed to load");
        app.LogLines.ShouldContain(l => l.Contains("Model broken version 1 is not ready") && l.Contains("SHA-256"));
    }

    [Fact]
    public async Task InvalidManifestIsReportedWithEveryProblemAndTheServerIsNotReady()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder("1")
            .WithManifest("odd", "1", """{"name":"other","version":"1","kind":"pytorch","files":[],"inputs":[],"outputs":[]}""");
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartSettledAsync();

        // Act
        var (status, body) = await client.GetJsonAsync("/v2/models/odd");
        var (readyStatus, _) = await client.GetJsonAsync("/v2/health/ready");

        // Assert
        status.ShouldBe(503);
        var error = body!["error"]!.GetValue<string>();
        error.ShouldContain("'name' is 'other' but the folder is 'odd'");
        error.ShouldContain("'kind' is 'pytorch'");
        error.ShouldContain("'files' is empty");
        readyStatus.ShouldBe(503);
    }

    [Fact]
    public async Task ManifestThatIsNotJsonLeavesTheModelNotReady()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithManifest("junk", "1", "{ not json");
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartSettledAsync();

        // Act
        var (status, body) = await client.GetJsonAsync("/v2/models/junk/ready");

        // Assert
        status.ShouldBe(503);
        body!["error"]!.GetValue<string>().ShouldContain("is not valid JSON");
    }

    [Fact]
    public async Task EmptyRepositoryIsLiveButNotReady()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder();
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartAsync(requireReady: false);

        // Act
        var (liveStatus, _) = await client.GetJsonAsync("/v2/health/live");
        var (readyStatus, ready) = await client.GetJsonAsync("/v2/health/ready");

        // Assert
        liveStatus.ShouldBe(200);
        readyStatus.ShouldBe(503);
        ready!["reason"]!.GetValue<string>().ShouldContain("holds no model versions");
    }

    [Fact]
    public async Task ManifestThatDisagreesWithTheGraphIsNotReady()
    {
        // Arrange
        var graph = new OnnxGraphBuilder().Input("a", OnnxGraphBuilder.Float, -1, 3).Output("y", OnnxGraphBuilder.Float, -1, 3).Node("Identity", ["a"], ["y"]).Build();
        using var repository = new ModelRepositoryBuilder().WithOnnx("mismatch", "1", graph, [("a", "INT64", [-1, 3])], [("y", "FP32", [-1, 3])], 4, 0);
        await using var app = new ServingApp(repository.Root);
        var client = await app.StartSettledAsync();

        // Act
        var (status, body) = await client.GetJsonAsync("/v2/models/mismatch/ready");

        // Assert
        status.ShouldBe(503);
        body!["error"]!.GetValue<string>().ShouldContain("input 'a' is INT64 in the manifest but Float in the graph");
    }
}
