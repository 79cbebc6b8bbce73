using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class DeployRequestApiKeysTests
{
    [Fact]
    public void TheDeploysOwnRequestsUseTheFirstKey()
    {
        // Arrange
        var request = new DeployRequest { App = "slipway", ApiKeys = ["first-key-0123456789abcdef name=deploy", "second-key-0123456789abcdef models=m"] };

        // Act
        var key = request.ClientApiKey;

        // Assert
        key.ShouldBe("first-key-0123456789abcdef");
        new DeployRequest { App = "slipway" }.ClientApiKey.ShouldBeNull();
    }

    [Fact]
    public void KeysAreRefusedOnSwarmAndBesideServiceAuthVariables()
    {
        // Arrange
        var request = new DeployRequest
        {
            App = "slipway",
            Image = "slipway:1",
            SmokeModel = "m",
            Backend = DeploymentBackend.Swarm,
            ApiKeys = ["a-key-0123456789abcdef", " "],
            ServiceEnvironment = new Dictionary<string, string> { ["Serving__Auth__ApiKeys__0"] = "x" },
        };

        // Act
        var error = Should.Throw<DeployRequestException>(() => request.Validate());

        // Assert
        error.Message.ShouldContain("ApiKeys has an empty entry");
        error.Message.ShouldContain("which the Swarm backend does not do");
        error.Message.ShouldContain("ServiceEnvironment sets Serving__Auth__");
        error.Message.ShouldNotContain("a-key-0123456789abcdef");
    }

    [Theory]
    [InlineData("1654:1654", 1654, 1654)]
    [InlineData("1000", 1000, 1000)]
    [InlineData("", 0, 0)]
    [InlineData(null, 0, 0)]
    public void TheKeyFileBelongsToTheImagesNumericUser(string? user, int uid, int gid)
    {
        // Act
        var owner = Slipway.Delivery.Deployment.Backends.ServiceKeyFile.Owner(user);

        // Assert
        owner.ShouldBe((uid, gid));
    }

    [Fact]
    public void ANamedImageUserIsRefusedSayingToUseANumericOne()
    {
        // Act
        var error = Should.Throw<DeploymentFailedException>(() => Slipway.Delivery.Deployment.Backends.ServiceKeyFile.Owner("app"));

        // Assert
        error.Message.ShouldContain("The image's USER 'app' is not a numeric uid[:gid]");
    }
}
