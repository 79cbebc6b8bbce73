using System.Net;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>The generated edge configuration as the edge image's own nginx (1.22) reads it: <c>nginx -t</c> on the real files.</summary>
public sealed class NginxConfigCheckTests(DockerFixture docker) : IClassFixture<DockerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-edge-check-").FullName;

    private static readonly Dictionary<string, EdgeUpstream> Routing = new()
    {
        ["REST only"] = EdgeUpstream.Local("blue", 18081),
        ["REST and gRPC"] = EdgeUpstream.Local("blue", 18081, 18082),
        ["a canary step with gRPC"] = EdgeUpstream.Local("blue", 18081, 18082).WithCanary("green", ["127.0.0.1:18083"], 10, ["127.0.0.1:18084"]),
        ["a gRPC candidate beside a REST-only version"] = EdgeUpstream.Local("blue", 18081).WithCanary("green", ["127.0.0.1:18083"], 10, ["127.0.0.1:18084"]),
    };

    [Theory]
    [InlineData("REST only", false)]
    [InlineData("REST and gRPC", true)]
    [InlineData("a canary step with gRPC", true)]
    [InlineData("a gRPC candidate beside a REST-only version", true)]
    public async Task TheEdgeImagesNginxAcceptsTheGeneratedConfiguration(string routing, bool grpc)
    {
        // Arrange
        var upstream = Routing[routing];
        upstream.RoutesGrpc.ShouldBe(grpc, routing);
        var edgeImage = await EdgeImage.EnsureAsync(docker.Client, TestLog.Silent);
        var main = NginxConfig.Main(IPEndPoint.Parse($"127.0.0.1:{FreePort.Next()}"), IPEndPoint.Parse($"127.0.0.1:{FreePort.Next()}"),
            upstream.RoutesGrpc ? IPEndPoint.Parse($"127.0.0.1:{FreePort.Next()}") : null);
        await File.WriteAllTextAsync(Path.Combine(_directory, NginxConfig.MainFile), main);
        await File.WriteAllTextAsync(Path.Combine(_directory, NginxConfig.UpstreamFile), NginxConfig.Upstream(upstream));

        // Act
        var (exitCode, output) = await ContainerRun.RunAsync(docker.Client, edgeImage, ["-c", NginxConfig.MainPath, "-t"], entrypoint: ["nginx"],
            binds: [$"{_directory}:{NginxConfig.ContainerDirectory}:ro"]);

        // Assert
        exitCode.ShouldBe(0L, $"{routing}: {output}");
        output.ShouldContain("test is successful");
        output.ShouldNotContain("[warn]", Case.Sensitive, output);
    }

    public void Dispose() => new Cleanup().DeleteDirectory(_directory);
}
