using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Engine;

/// <summary>Changes DOCKER_HOST for the whole process, so it runs alone, after the parallel tests.</summary>
[Collection(nameof(DockerHostEnvironmentTests))]
public sealed class DockerHostEnvironmentTests
{
    [Fact]
    public async Task DockerHostPointingAtAMissingSocketGivesAClearErrorWhenProvisioningIsDisabled()
    {
        // Arrange
        var socket = Path.Combine(Path.GetTempPath(), UniqueName.Create("nosocket"), "docker.sock");
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{socket}");
        try
        {
            // Act
            var error = await Should.ThrowAsync<DockerEngineUnavailableException>(
                () => DockerEngine.EnsureAsync(new DockerEngineOptions { AllowProvisioning = false }, TestLog.Silent));

            // Assert
            error.Message.ShouldContain($"No Docker engine answered at 'unix://{socket}' (from DOCKER_HOST)");
            error.Message.ShouldContain("Provisioning is disabled");
            error.Message.ShouldContain("To fix:");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }
}
