using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class DeployRequestTests
{
    [Fact]
    public void AValidRequestDefaultsToTheLocalEnvironmentOnPort8080()
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", Image = "slipway:1.0.0", EdgeImage = "slipway/edge:x", SmokeModel = "m" };

        // Act
        request.Validate();

        // Assert
        request.Environment.ShouldBe("local");
        request.EdgeAddress.ShouldBe("127.0.0.1:8080");
        request.ResolvedFirstServicePort.ShouldBe(8081);
    }

    [Fact]
    public void EveryProblemIsReportedInOneMessage()
    {
        // Arrange
        var request = new DeployRequest { App = "Slip Way", Environment = "", Image = "", EdgeAddress = "0.0.0.0:80", GateTimeout = TimeSpan.Zero };

        // Act
        var failure = Should.Throw<DeployRequestException>(() => request.Validate());

        // Assert
        failure.Problems.Count.ShouldBe(6);
        failure.Message.ShouldContain("App 'Slip Way' must be lower-case letters");
        failure.Message.ShouldContain("Environment '' must be");
        failure.Message.ShouldContain("Image is empty");
        failure.Message.ShouldContain("EdgeAddress '0.0.0.0:80' is not a loopback address");
        failure.Message.ShouldContain("No model to smoke-test");
        failure.Message.ShouldContain("GateTimeout");
    }

    [Fact]
    public void ExtraLabelsMayNotReplaceSlipwaysOwnLabels()
    {
        // Arrange
        var request = new DeployRequest
        {
            App = "slipway",
            Image = "slipway:1.0.0",
            EdgeImage = "slipway/edge:x",
            SmokeModel = "m",
            ExtraLabels = new Dictionary<string, string> { [ContainerLabels.App] = "other", [ContainerLabels.TestRun] = "run-1" },
        };

        // Act
        var failure = Should.Throw<DeployRequestException>(() => request.Validate());

        // Assert
        failure.Problems.ShouldHaveSingleItem().ShouldContain($"Extra label '{ContainerLabels.App}'");
    }

    [Fact]
    public void TheSmokeModelDefaultsToTheFirstDeployedModel()
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", Models = [new ModelVersion("all-minilm-l6-v2", "1", null)] };

        // Act
        var model = request.ResolvedSmokeModel;

        // Assert
        model.ShouldBe("all-minilm-l6-v2");
    }

    [Fact]
    public void TheSmokeGatesTryEveryDeployedModelUnlessOneIsNamed()
    {
        var request = new DeployRequest { App = "slipway", Models = [new ModelVersion("minilm", "1", null), new ModelVersion("support-router", "3", null)] };

        request.ResolvedSmokeModels.ShouldBe(["minilm", "support-router"]);
        (request with { SmokeModel = "support-router" }).ResolvedSmokeModels.ShouldBe(["support-router"]);
    }

    [Fact]
    public void ServiceEnvironmentValuesNeverAppearInTheRequestsText()
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", ServiceEnvironment = new Dictionary<string, string> { ["API_KEY"] = "s3cr3t-value" } };

        // Act
        var text = request.ToString();

        // Assert
        text.ShouldNotContain("s3cr3t-value");
    }

    [Fact]
    public void TheEdgesGrpcAddressDefaultsToTheEdgePortPlusOne()
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", EdgeAddress = "127.0.0.1:18080" };

        // Act
        var grpc = request.EdgeGrpcEndPoint;

        // Assert
        grpc.ToString().ShouldBe("127.0.0.1:18081");
        request.EdgeGrpcUrl.ShouldBe("http://127.0.0.1:18081");
        (request with { EdgeGrpcAddress = "127.0.0.1:19000" }).EdgeGrpcUrl.ShouldBe("http://127.0.0.1:19000");
    }

    [Theory]
    [InlineData("0.0.0.0:8081", "EdgeGrpcAddress '0.0.0.0:8081' is not a loopback address")]
    [InlineData("127.0.0.1", "EdgeGrpcAddress '127.0.0.1' is not an address with a port")]
    [InlineData("127.0.0.1:8080", "EdgeGrpcAddress '127.0.0.1:8080' uses the port of EdgeAddress '127.0.0.1:8080'")]
    [InlineData("127.0.0.1:9090", "EdgeGrpcAddress '127.0.0.1:9090' uses the port of Prometheus (127.0.0.1:9090)")]
    [InlineData("127.0.0.1:9101", "EdgeGrpcAddress '127.0.0.1:9101' uses the port of the edge's syslog port (127.0.0.1:9101)")]
    public void AGrpcAddressThatIsNotLoopbackOrTakesAnotherListenersPortIsRefused(string address, string problem)
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", Image = "slipway:1.0.0", SmokeModel = "m", EdgeGrpcAddress = address };

        // Act
        var failure = Should.Throw<DeployRequestException>(() => request.Validate());

        // Assert
        failure.Problems.ShouldHaveSingleItem().ShouldContain(problem);
    }

    [Fact]
    public void ADerivedGrpcAddressOnAMonitoringPortIsRefusedWithAFreeExample()
    {
        // Arrange: Prometheus set to the port the gRPC listener would derive
        var request = new DeployRequest
        {
            App = "slipway", Image = "slipway:1.0.0", SmokeModel = "m",
            Monitoring = new Slipway.Delivery.Monitoring.MonitoringOptions { PrometheusAddress = "127.0.0.1:8081" },
        };

        // Act
        var failure = Should.Throw<DeployRequestException>(() => request.Validate());

        // Assert
        failure.Problems.ShouldHaveSingleItem().ShouldBe(
            "EdgeGrpcAddress '127.0.0.1:8081' uses the port of Prometheus (127.0.0.1:8081); give the edge's gRPC listener a port of its own, e.g. '127.0.0.1:8082'.");
    }
}
