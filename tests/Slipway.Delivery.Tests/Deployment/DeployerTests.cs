using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

[Collection(DeployCollection.Name)]
public sealed class DeployerTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    [Trait("Category", DeployFixture.ServiceCategory)]
    public async Task FirstDeployStartsTheEdgeAndServesTheImageThroughIt()
    {
        // Arrange
        var real = await fixture.RealAsync();
        await using var scope = new DeployScope(fixture, real: true);

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request with { Image = real.Image });

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        result.ImageId.ShouldBe(real.Image);
        result.PreviousImageId.ShouldBeNull();
        var (colour, shape) = await EdgeClient.InferMiniLmAsync(Http, scope.Edge);
        colour.ShouldBe(Deployer.Blue);
        shape.ShouldBe([1L, 384L]);
        var containers = await scope.ContainersAsync();
        containers.Select(c => c.Names[0].TrimStart('/')).Order().ShouldBe([$"{scope.App}-local-blue", $"{scope.App}-local-edge"]);
        containers.ShouldAllBe(c => c.Labels[ContainerLabels.TestRun] == TestRun.Id, "the request's extra labels are on every container");
        result.PhaseDurationsMs.Keys.ShouldBe(["start", "ready", "smoke", "grpc", "warm-up", "switch", "verify", "drain"], ignoreOrder: true);
    }

    [Fact]
    public async Task RedeployMovesTheEdgeToTheNewColourAndRemovesTheOldVersion()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request with { Image = fixture.V2 });

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        result.Colour.ShouldBe(Deployer.Green);
        result.PreviousImageId.ShouldBe(fixture.V1);
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Green, 2));
        var names = (await scope.ContainersAsync()).Select(c => c.Names[0].TrimStart('/')).Order().ToList();
        names.ShouldBe([$"{scope.App}-local-edge", $"{scope.App}-local-green"]);
        (await fixture.Client.Images.InspectImageAsync(fixture.V1)).ID.ShouldBe(fixture.V1, "the previous image is kept for rollback");
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
