using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Backends;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class EngineBackendTests
{
    private static DeployRequest Request(int grpcEdgePort) => new()
    {
        App = "slipway",
        EdgeAddress = $"127.0.0.1:{FreePort.Next()}",
        EdgeGrpcAddress = $"127.0.0.1:{grpcEdgePort}",
    };

    [Fact]
    public void AServicePortIsNeverTheEdgesGrpcPortATakenPortOrOneInUse()
    {
        // Arrange
        var first = FreePort.Block();
        using var inUse = new TcpListener(IPAddress.Loopback, first + 2);
        inUse.Start();

        // Act
        var port = EngineBackend.FindFreePort(first, [first + 1, null], Request(grpcEdgePort: first));

        // Assert
        port.ShouldBe(first + 3);
    }

    [Fact]
    public void TheCandidatesGrpcPortIsNotItsRestPort()
    {
        // Arrange
        var first = FreePort.Block();
        var request = Request(grpcEdgePort: FreePort.Next());
        var rest = EngineBackend.FindFreePort(first, [], request);

        // Act
        var grpc = EngineBackend.FindFreePort(rest, [rest], request);

        // Assert
        rest.ShouldBe(first);
        grpc.ShouldBe(first + 1);
    }

    [Theory]
    [InlineData("Serving__GrpcUrl=http://127.0.0.1:8081", true)]
    [InlineData("Serving__GrpcUrl=", false)]
    [InlineData(null, false)]
    public void AnImageSpeaksGrpcWhenItsEnvironmentDeclaresAGrpcAddress(string? variable, bool speaksGrpc)
    {
        // Arrange
        var image = new ImageInspectResponse { Config = new DockerOCIImageConfig { Env = variable is null ? ["ASPNETCORE_URLS=http://127.0.0.1:8080"] : ["ASPNETCORE_URLS=http://127.0.0.1:8080", variable] } };

        // Act
        var speaks = EngineBackend.SpeaksGrpc(image, new DeployRequest { App = "slipway" });

        // Assert
        speaks.ShouldBe(speaksGrpc);
    }

    [Fact]
    public void AnEmptyGrpcAddressInTheServiceEnvironmentTurnsGrpcOff()
    {
        // Arrange
        var image = new ImageInspectResponse { Config = new DockerOCIImageConfig { Env = ["Serving__GrpcUrl=http://127.0.0.1:8081"] } };
        var request = new DeployRequest { App = "slipway", ServiceEnvironment = new Dictionary<string, string> { ["Serving__GrpcUrl"] = "" } };

        // Act
        var speaks = EngineBackend.SpeaksGrpc(image, request);

        // Assert
        speaks.ShouldBeFalse();
    }
}
