using Grpc.Net.Client;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Serving.Grpc;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>The real service's gRPC endpoint through the edge: gated, routed by colour, and switched with no failed call.</summary>
[Collection(DeployCollection.Name)]
public sealed class GrpcDeployTests(DeployFixture fixture, ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", DeployFixture.ServiceCategory)]
    public async Task TheDeployedServiceAnswersModelInferThroughTheEdgesGrpcAddress()
    {
        // Arrange
        var real = await fixture.RealAsync();
        await using var scope = new DeployScope(fixture, real: true);

        // Act
        var result = await scope.Deployer.DeployAsync(scope.Request with { Image = real.Image });
        using var channel = GrpcChannel.ForAddress(scope.EdgeGrpc, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });
        var (colour, shape) = await GrpcLoad.InferAsync(new GRPCInferenceService.GRPCInferenceServiceClient(channel), fixture.RealModel);

        // Assert
        result.GrpcEndpoint.ShouldBe(scope.Request.EdgeGrpcUrl);
        result.Message.ShouldContain($"gRPC at {scope.Request.EdgeGrpcUrl}");
        result.PhaseDurationsMs.Keys.ShouldContain("grpc", "the gRPC gate ran on the candidate");
        colour.ShouldBe(Deployer.Blue);
        shape.ShouldBe([1L, 384L]);
    }

    [Fact]
    [Trait("Category", DeployFixture.ServiceCategory)]
    public async Task ARedeployUnderContinuousGrpcCallsFailsNoCallAndMovesThemToTheNewColour()
    {
        // Arrange
        var real = await fixture.RealAsync();
        await using var scope = new DeployScope(fixture, real: true);
        await scope.Deployer.DeployAsync(scope.Request with { Image = real.Image });
        await using var load = new GrpcLoad(scope.EdgeGrpc, fixture.RealModel);
        await Eventually.UntilAsync(() => Task.FromResult(load.Samples.Count(s => !s.Failed) >= 20), "gRPC calls through the edge to succeed", TimeSpan.FromSeconds(60));

        // Act: the switch reloads nginx; the old workers send GOAWAY to the kept HTTP/2 connections
        var result = await scope.Deployer.DeployAsync(scope.Request with { Image = real.Next });
        var switched = load.Elapsed;
        await Eventually.UntilAsync(() => Task.FromResult(load.Samples.Count(s => s.Started > switched && s.Colour == Deployer.Green) >= 20), "gRPC calls to reach green after the deploy", TimeSpan.FromSeconds(60));
        var samples = await load.StopAsync();

        // Assert
        output.WriteLine($"gRPC redeploy: {LoadSummary.Describe(samples)}; phases {string.Join(", ", result.PhaseDurationsMs.Select(p => $"{p.Key} {p.Value:0} ms"))}");
        samples.Count(s => s.Failed).ShouldBe(0, LoadSummary.Describe(samples));
        samples.Select(s => s.Colour!).Distinct().Order().ToArray().ShouldBe(new[] { Deployer.Blue, Deployer.Green }, "calls were answered before and after the switch");
        samples.Where(s => s.Started > switched).ShouldAllBe(s => s.Colour == Deployer.Green);
    }
}
