using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Backends;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>The service's API keys reach its container as a read-only file on the host's tmpfs, never through its environment.</summary>
[Collection(DeployCollection.Name)]
public sealed class ServiceKeyFileTests(DeployFixture fixture) : IDisposable
{
    private const string Key = "deploy-key-0123456789abcdef";
    private const string ScopedKey = "scoped-key-fedcba9876543210";
    private readonly string _secrets = Path.Combine("/dev/shm", "slipway-tests-" + Guid.NewGuid().ToString("N")[..10]);

    private DeployRequest WithKeys(DeployScope scope) => scope.Request with
    {
        ApiKeys = [Key, $"{ScopedKey} name=reader models=m rate=5/s"],
        SecretsDirectory = _secrets,
    };

    [Fact]
    public async Task TheContainerConfigurationHoldsThePathAndNoKeyAndTheContainerReadsTheKeysFromTheMount()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);

        // Act
        var result = await scope.Deployer.DeployAsync(WithKeys(scope));

        // Assert
        var inspect = await fixture.Client.Containers.InspectContainerAsync(EngineBackend.ContainerName(scope.Request, result.Colour!));
        inspect.Config!.Env.ShouldContain($"{ServiceKeyFile.Variable}={ServiceKeyFile.ContainerPath}");
        inspect.Config!.Env.ShouldAllBe(variable => !variable.Contains(Key) && !variable.Contains(ScopedKey));
        var hostFile = ServiceKeyFile.HostPath(scope.Request with { SecretsDirectory = _secrets }, result.Colour!);
        inspect.HostConfig!.Binds.ShouldBe([$"{hostFile}:{ServiceKeyFile.ContainerPath}:ro"]);
        var (exitCode, inside) = await DockerOperations.ExecAsync(fixture.Client, inspect.ID, ["cat", ServiceKeyFile.ContainerPath], CancellationToken.None);
        exitCode.ShouldBe(0);
        inside.ShouldBe($"{Key}\n{ScopedKey} name=reader models=m rate=5/s"); // the exec output comes back trimmed
        (OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(hostFile)).ShouldBe(UnixFileMode.UserRead);
        new DriveInfo(_secrets).DriveFormat.ShouldBe("tmpfs");
    }

    [Fact]
    public async Task AKeyFileGoesWithItsContainer()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        var request = WithKeys(scope);
        await scope.Deployer.DeployAsync(request);
        var blue = ServiceKeyFile.HostPath(request, EngineBackend.Blue);
        var blueExisted = File.Exists(blue);

        // Act: green replaces blue, then the environment goes
        await scope.Deployer.DeployAsync(request with { Image = fixture.V2 });
        var afterSwitch = (File.Exists(blue), File.Exists(ServiceKeyFile.HostPath(request, EngineBackend.Green)));
        await scope.Deployer.UndeployAsync(request);

        // Assert
        blueExisted.ShouldBeTrue();
        afterSwitch.ShouldBe((false, true));
        Directory.EnumerateFiles(_secrets).ShouldBeEmpty();
    }

    [Fact]
    public async Task ASecretsDirectoryOnDiskFailsTheDeployBeforeAnyKeyIsWritten()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);
        var onDisk = Path.Combine(scope.StateDirectory, "secrets");

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(WithKeys(scope) with { SecretsDirectory = onDisk }));

        // Assert
        failure.Message.ShouldContain($"The secrets directory '{onDisk}' is not on tmpfs, so the API keys would be written to disk.");
        Directory.EnumerateFiles(onDisk).ShouldBeEmpty();
        (await scope.ContainersAsync()).Where(c => c.Labels[ContainerLabels.Role] == ContainerLabels.ServiceRole).ShouldBeEmpty();
    }

    public void Dispose()
    {
        if (Directory.Exists(_secrets))
            Directory.Delete(_secrets, recursive: true);
    }
}
