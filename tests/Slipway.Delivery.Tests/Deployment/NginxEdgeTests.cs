using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Edge;

namespace Slipway.Delivery.Tests.Deployment;

[Collection(DeployCollection.Name)]
public sealed class NginxEdgeTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task AnUpstreamNginxRejectsIsNeverLoadedAndTheEdgeKeepsServingTheOldColour()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);
        var edge = new NginxEdge(fixture.Client, Deployer.ContainerName(scope.Request, "edge"), Deployer.EdgeDirectory(scope.Request), scope.Request.EdgeEndPoint, scope.Log.Logger);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => edge.SwitchAsync(new EdgeUpstream(Deployer.Green, ["no-such-host.invalid:80"]), TimeSpan.FromSeconds(10)));

        // Assert
        failure.Message.ShouldContain("rejected by 'nginx -t'");
        failure.Message.ShouldContain("no-such-host.invalid");
        edge.ReadCurrentUpstream()!.Colour.ShouldBe(Deployer.Blue, "the previous upstream file is put back");
        (await EdgeClient.VersionAsync(Http, scope.Edge)).ShouldBe(1);
        (await edge.AnswersWithColourAsync(Deployer.Blue)).ShouldBeTrue();
    }
}
