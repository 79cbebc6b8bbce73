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
    public void ServiceEnvironmentValuesNeverAppearInTheRequestsText()
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", ServiceEnvironment = new Dictionary<string, string> { ["API_KEY"] = "s3cr3t-value" } };

        // Act
        var text = request.ToString();

        // Assert
        text.ShouldNotContain("s3cr3t-value");
    }
}
