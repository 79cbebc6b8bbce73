using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Engine;

public sealed class DockerEngineTests
{
    [Fact]
    public async Task ConnectsToTheRunningEngineWithoutProvisioning()
    {
        // Arrange
        var log = new TestLog();

        // Act
        using var connection = await DockerEngine.EnsureAsync(new DockerEngineOptions { AllowProvisioning = false }, log.Logger);

        // Assert
        connection.Provisioning.ShouldBe(DockerEngineProvisioning.AlreadyRunning);
        connection.ServerVersion.ShouldNotBeNullOrWhiteSpace();
        (await connection.Client.System.GetVersionAsync()).APIVersion.ShouldNotBeNullOrWhiteSpace();
        connection.Description.ShouldContain("already running");
        log.Text.ShouldContain(connection.ServerVersion);
    }

    [Fact]
    public async Task AnUnreachableEngineGivesAClearErrorWhenProvisioningIsDisabled()
    {
        // Arrange
        var socket = Path.Combine(Path.GetTempPath(), UniqueName.Create("nosocket"), "docker.sock");
        var options = new DockerEngineOptions { Host = $"unix://{socket}", AllowProvisioning = false };

        // Act
        var error = await Should.ThrowAsync<DockerEngineUnavailableException>(() => DockerEngine.EnsureAsync(options, TestLog.Silent));

        // Assert
        error.Message.ShouldContain($"'unix://{socket}'");
        error.Message.ShouldContain("does not exist");
        error.Message.ShouldContain("Provisioning is disabled");
        error.Message.ShouldContain("DOCKER_HOST");
    }

    [Fact]
    public async Task AnAddressThatIsNotAnEngineAddressIsNamedWithTheExpectedForm()
    {
        // Arrange
        var options = new DockerEngineOptions { Host = "docker-host-without-scheme", AllowProvisioning = false };

        // Act
        var error = await Should.ThrowAsync<DockerEngineUnavailableException>(() => DockerEngine.EnsureAsync(options, TestLog.Silent));

        // Assert
        error.Message.ShouldContain("'docker-host-without-scheme'");
        error.Message.ShouldContain("unix:///path/to/docker.sock");
    }

    [Fact]
    public void TheHostOptionWinsOverTheDefaultSocket()
    {
        // Arrange
        var options = new DockerEngineOptions { Host = "tcp://127.0.0.1:2375" };

        // Act
        var host = options.ResolveHost();

        // Assert
        host.ShouldBe("tcp://127.0.0.1:2375");
    }
}
