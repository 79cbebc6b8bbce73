using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Backends;

namespace Slipway.Delivery.Tests.Deployment;

[Collection(DeployCollection.Name)]
public sealed class RollbackAndUndeployTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task RollbackDeploysThePreviousSuccessfulImageAndRecordsTheReason()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);
        await scope.Deployer.DeployAsync(scope.Request with { Image = fixture.V2 });

        // Act
        var result = await scope.Deployer.RollbackAsync(scope.Request with { Reason = "latency regression" });

        // Assert
        result.ImageId.ShouldBe(fixture.V1);
        result.Colour.ShouldBe(Deployer.Blue);
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Blue, 1));
        var last = (await scope.Ledger.ReadFinishedAsync())[^1];
        last.Action.ShouldBe(LedgerOutcomes.Rollback);
        last.Outcome.ShouldBe(LedgerOutcomes.Succeeded);
        last.Reason.ShouldBe("latency regression");
        last.PreviousImageId.ShouldBe(fixture.V2);
        last.ImageId.ShouldBe(fixture.V1);
    }

    [Fact]
    public async Task RollbackWithNoEarlierVersionSaysThereIsNothingToRollBackTo()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.RollbackAsync(scope.Request));

        // Assert
        failure.Message.ShouldContain("Nothing to roll back to");
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Blue, 1));
    }

    [Fact]
    public async Task UndeployRemovesTheEdgeAndTheServiceAndRecordsIt()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var result = await scope.Deployer.UndeployAsync(scope.Request);

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        (await scope.ContainersAsync()).ShouldBeEmpty();
        await Should.ThrowAsync<HttpRequestException>(() => Http.GetAsync(scope.Edge));
        var last = (await scope.Ledger.ReadFinishedAsync())[^1];
        last.Action.ShouldBe(LedgerOutcomes.Undeploy);
        last.Outcome.ShouldBe(LedgerOutcomes.Succeeded);
    }

    [Fact]
    public async Task UndeployRemovesTheMonitoringStackAndBuildsNoImage()
    {
        // Arrange: a monitored environment; the undeploying Deployer may not resolve an image
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);
        var noImages = new DeployImages(
            _ => throw new InvalidOperationException("Undeploy asked for the edge image"),
            _ => throw new InvalidOperationException("Undeploy asked for the monitoring image"));

        // Act
        var result = await new Deployer(fixture.Client, scope.Log.Logger, noImages).UndeployAsync(scope.Request with { EdgeImage = null });

        // Assert
        result.Message.ShouldContain(Deployer.ContainerName(scope.Request, "prometheus"));
        result.Message.ShouldContain(Deployer.ContainerName(scope.Request, "alertmanager"));
        (await scope.ContainersAsync()).ShouldBeEmpty();
        Directory.Exists(Path.Combine(scope.StateDirectory, scope.Request.Environment, "monitoring")).ShouldBeFalse();
    }
}
