using Slipway.Delivery.Deployment;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// The engine going away mid-deploy, simulated without touching the shared engine: the deployer talks to it
/// through a Unix socket proxy the test cuts.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class EngineLossTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task LosingTheEngineMidDeployGivesAClearErrorAFailedLedgerEntryAndTheOldVersionServesWhenItIsBack()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);
        await using var proxy = DockerSocketProxy.Start("/var/run/docker.sock");
        using var proxiedClient = DockerEngine.CreateClient(proxy.Endpoint);
        var deployer = new Deployer(proxiedClient, scope.Log.Logger);
        // a candidate that never gets ready keeps this deploy in its gates, talking to the engine, until the cut
        var deploy = deployer.DeployAsync(scope.Request with { Image = fixture.NeverReady });
        await Eventually.UntilAsync(async () => (await scope.ContainersAsync()).Any(c => c.Names[0].EndsWith("-green", StringComparison.Ordinal)), "the green candidate to be created");

        // Act
        proxy.Cut();
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => deploy);

        // Assert
        failure.Message.ShouldContain("Lost contact with the Docker engine during the deploy of 'local'");
        failure.Message.ShouldContain("The previous version was not stopped");
        var last = (await scope.Ledger.ReadAsync()).Entries[^1];
        last.Outcome.ShouldBe(LedgerOutcomes.Failed);
        last.Reason.ShouldNotBeNull().ShouldContain("Lost contact with the Docker engine");
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Blue, 1));

        var again = await scope.Deployer.DeployAsync(scope.Request with { Image = fixture.V2 });
        again.Outcome.ShouldBe(DeployOutcome.Succeeded, "with the engine back, the next deploy clears what was left and succeeds");
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((again.Colour, 2));
    }
}
