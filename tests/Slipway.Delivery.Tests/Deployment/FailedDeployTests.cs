using Slipway.Delivery.Deployment;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>Candidates that fail a gate are removed; the running version never stops serving.</summary>
[Collection(DeployCollection.Name)]
public sealed class FailedDeployTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task UnhealthyCandidateIsRemovedAndTheOldVersionKeepsServing()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act: a candidate that never gets ready fails the health gate as soon as Docker reports it unhealthy
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.Unhealthy }));

        // Assert
        failure.Message.ShouldContain("'healthy' gate");
        failure.Message.ShouldContain("HEALTHCHECK failed");
        await ShouldStillServeTheFirstVersionAsync(scope);
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.Failed);
    }

    [Fact]
    public async Task CandidateThatCrashesOnStartIsRemovedAndItsLastLogLinesAreInTheError()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.CrashOnStart }));

        // Assert
        failure.Message.ShouldContain("stopped on start");
        failure.CandidateLogs.ShouldNotBeNull().ShouldContain("/models-missing");
        await ShouldStillServeTheFirstVersionAsync(scope);
    }

    [Fact]
    public async Task ACandidateThatDeclaresGrpcButDoesNotAnswerItFailsTheGrpcGateAndTheOldVersionKeepsServing()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.GrpcSilent }));

        // Assert
        failure.Message.ShouldContain("'grpc' gate");
        failure.Message.ShouldContain("ServerReady on http://127.0.0.1:");
        failure.Message.ShouldContain("Unavailable");
        failure.LedgerEntry!.PhaseDurationsMs.Keys.ShouldContain("smoke", "the gRPC gate runs after the smoke gate passed");
        (await EdgeClient.VersionAsync(Http, scope.Edge)).ShouldBe(1);
        await ShouldHaveOnlyBlueAndEdgeAsync(scope);
    }

    [Fact]
    public async Task SmokeInferenceWithTheWrongOutputShapeFailsAndTheOldVersionKeepsServing()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.WrongShape }));

        // Assert
        failure.Message.ShouldContain("'smoke' gate");
        failure.Message.ShouldContain("output 'y' has shape [1, 3], the metadata says [-1, 2]");
        (await EdgeClient.VersionAsync(Http, scope.Edge)).ShouldBe(1);
        await ShouldHaveOnlyBlueAndEdgeAsync(scope);
    }

    [Fact]
    public async Task FailedFirstDeployLeavesNothingRunning()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);

        // Act
        await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.WrongShape }));

        // Assert
        (await scope.ContainersAsync()).ShouldBeEmpty();
        (await scope.Ledger.ReadAsync()).Entries.Select(e => e.Outcome).ShouldBe([LedgerOutcomes.Started, LedgerOutcomes.Failed]);
    }

    [Fact]
    public async Task DeployOfAnImageTheEngineDoesNotHaveSaysHowToGetIt()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = "slipway-test-absent:never-built" }));

        // Assert
        failure.Message.ShouldContain("'slipway-test-absent:never-built' is not on the Docker engine");
        failure.Message.ShouldContain("Build it first");
    }

    [Fact]
    public async Task CancellationDuringTheGatesRemovesTheCandidateAndKeepsTheOldVersion()
    {
        // Arrange: a candidate that never gets ready keeps the deploy in its gates until it is cancelled
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);
        using var cancellation = new CancellationTokenSource();
        var deploy = scope.Deployer.DeployAsync(scope.Request with { Image = fixture.NeverReady }, cancellation.Token);
        await Eventually.UntilAsync(async () => (await scope.ContainersAsync()).Any(c => c.Names[0].EndsWith("-green", StringComparison.Ordinal)), "the green candidate to be created");

        // Act
        await cancellation.CancelAsync();

        // Assert
        await Should.ThrowAsync<OperationCanceledException>(() => deploy);
        (await scope.ContainersAsync()).ShouldNotContain(c => c.Names[0].EndsWith("-green", StringComparison.Ordinal));
        await ShouldStillServeTheFirstVersionAsync(scope);
        (await scope.Ledger.ReadFinishedAsync())[^1].Reason.ShouldNotBeNull().ShouldContain("cancelled");
    }

    private static async Task ShouldStillServeTheFirstVersionAsync(DeployScope scope)
    {
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Blue, 1));
        await ShouldHaveOnlyBlueAndEdgeAsync(scope);
    }

    private static async Task ShouldHaveOnlyBlueAndEdgeAsync(DeployScope scope)
    {
        var names = (await scope.ContainersAsync()).Select(c => c.Names[0].TrimStart('/')).Order().ToList();
        names.ShouldBe([$"{scope.App}-local-blue", $"{scope.App}-local-edge"], "the candidate is removed, the old version and the edge stay");
    }
}
