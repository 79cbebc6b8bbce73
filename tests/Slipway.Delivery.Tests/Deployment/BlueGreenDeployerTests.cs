using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

[Collection(DeployCollection.Name)]
public sealed class BlueGreenDeployerTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task FirstDeployStartsTheEdgeAndServesTheImageThroughIt()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request);

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        result.ImageId.ShouldBe(fixture.Real);
        result.PreviousImageId.ShouldBeNull();
        var (colour, shape) = await EdgeClient.InferMiniLmAsync(Http, scope.Edge);
        colour.ShouldBe(BlueGreenDeployer.Blue);
        shape.ShouldBe([1L, 384L]);
        var containers = await scope.ContainersAsync();
        containers.Select(c => c.Names[0].TrimStart('/')).Order().ShouldBe([$"{scope.App}-local-blue", $"{scope.App}-local-edge"]);
        containers.ShouldAllBe(c => c.Labels[ContainerLabels.TestRun] == TestRun.Id, "the request's extra labels are on every container");
        result.PhaseDurationsMs.Keys.ShouldBe(["start", "healthy", "ready", "smoke", "switch", "verify", "drain"], ignoreOrder: true);
    }

    [Fact]
    public async Task RedeployMovesTheEdgeToTheNewColourAndRemovesTheOldVersion()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request with { Image = fixture.RealNext });

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        result.Colour.ShouldBe(BlueGreenDeployer.Green);
        result.PreviousImageId.ShouldBe(fixture.Real);
        (await EdgeClient.InferMiniLmAsync(Http, scope.Edge)).Colour.ShouldBe(BlueGreenDeployer.Green);
        var names = (await scope.ContainersAsync()).Select(c => c.Names[0].TrimStart('/')).Order().ToList();
        names.ShouldBe([$"{scope.App}-local-edge", $"{scope.App}-local-green"]);
        (await fixture.Client.Images.InspectImageAsync(fixture.Real)).ID.ShouldBe(fixture.Real, "the previous image is kept for rollback");
    }

    [Fact]
    public async Task DeployingTheImageThatAlreadyRunsSaysSoAndChangesNothing()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);
        var before = (await scope.ContainersAsync()).Select(c => c.ID).Order().ToList();

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request);

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Unchanged);
        result.Message.ShouldContain("already runs image");
        (await scope.ContainersAsync()).Select(c => c.ID).Order().ShouldBe(before);
        var ledger = await scope.Ledger.ReadFinishedAsync();
        ledger.Select(e => e.Outcome).ShouldBe([LedgerOutcomes.Succeeded, LedgerOutcomes.Unchanged]);
    }
}
