using Slipway.Delivery.Deployment;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>Continuous infer requests through the edge while the environment changes: none may fail.</summary>
[Collection(DeployCollection.Name)]
public sealed class ZeroDowntimeTests(DeployFixture fixture, ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", DeployFixture.ServiceCategory)]
    public async Task ARedeployUnderContinuousLoadFailsNoRequest()
    {
        // Arrange
        var real = await fixture.RealAsync();
        await using var scope = new DeployScope(fixture, real: true);
        await scope.Deployer.DeployAsync(scope.Request with { Image = real.Image });
        await using var load = new ContinuousLoad(scope.Edge, "v2/models/minilm/infer", EdgeClient.MiniLmInferBody);
        await Task.Delay(500);

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request with { Image = real.Next });
        await Task.Delay(500);
        var samples = await load.StopAsync();

        // Assert
        output.WriteLine($"redeploy: {LoadSummary.Describe(samples)}; phases {string.Join(", ", result.PhaseDurationsMs.Select(p => $"{p.Key} {p.Value:0} ms"))}");
        samples.Count(s => s.Failed).ShouldBe(0, LoadSummary.Describe(samples));
        samples.Select(s => s.Colour!).Distinct().Order().ToArray().ShouldBe(new[] { Deployer.Blue, Deployer.Green }, "requests were served before and after the switch");
        samples.Where(s => s.Started > load.Elapsed - TimeSpan.FromMilliseconds(300)).ShouldAllBe(s => s.Colour == Deployer.Green);
    }

    [Fact]
    public async Task AFailedDeployUnderContinuousLoadFailsNoRequestAndNeverLeavesTheOldVersion()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        await scope.Deployer.DeployAsync(scope.Request);
        await using var load = new ContinuousLoad(scope.Edge, "v2/models/m/infer", EdgeClient.FakeInferBody);
        await Task.Delay(500);

        // Act
        await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.Unhealthy }));
        await Task.Delay(500);
        var samples = await load.StopAsync();

        // Assert
        output.WriteLine($"failed deploy: {LoadSummary.Describe(samples)}");
        samples.Count(s => s.Failed).ShouldBe(0, LoadSummary.Describe(samples));
        samples.ShouldAllBe(s => s.Colour == Deployer.Blue);
        samples.Count.ShouldBeGreaterThan(10);
    }
}
