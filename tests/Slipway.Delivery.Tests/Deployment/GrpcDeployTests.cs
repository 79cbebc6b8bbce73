using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Delivery.Analysis;
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

    [Fact]
    [Trait("Category", DeployFixture.ServiceCategory)]
    public async Task TheEdgeMetricsCountAGrpcErrorByItsStatusNotAsTheHttp200ItTravelsIn()
    {
        // Arrange
        var real = await fixture.RealAsync();
        await using var scope = new DeployScope(fixture, real: true, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request with { Image = real.Image });
        using var channel = GrpcChannel.ForAddress(scope.EdgeGrpc, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var bad = GrpcLoad.Request(fixture.RealModel);
        bad.Inputs[0].Name = "no_such_input";

        // Act: good calls, then calls the service refuses with INVALID_ARGUMENT (inside HTTP 200 answers)
        for (var i = 0; i < 5; i++)
        {
            await GrpcLoad.InferAsync(client, fixture.RealModel);
        }

        for (var i = 0; i < 8; i++)
        {
            var error = await Should.ThrowAsync<RpcException>(() => client.ModelInferAsync(bad).ResponseAsync);
            error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        }

        // Assert: Prometheus sees them as blue's 400s, beside its 200s
        var prometheus = new Slipway.Delivery.Monitoring.PrometheusClient(scope.Prometheus);
        var refused = $"sum({EdgeMetrics.Requests}{{{AnalysisDefinition.ColourSelector(Deployer.Blue)},code=\"400\"}})";
        var answered = $"sum({EdgeMetrics.Requests}{{{AnalysisDefinition.ColourSelector(Deployer.Blue)},code=\"200\"}})";
        await Eventually.UntilAsync(async () => await prometheus.QueryScalarAsync(refused) >= 8, "the refused gRPC calls to reach Prometheus as code 400", TimeSpan.FromSeconds(60));
        (await prometheus.QueryScalarAsync(refused)).ShouldBe(8);
        (await prometheus.QueryScalarAsync(answered) ?? 0).ShouldBeGreaterThanOrEqualTo(5);
    }
}
