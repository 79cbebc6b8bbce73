using Docker.DotNet;
using Slipway.Delivery.Engine;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// One connection to the real Docker engine for a test class (DOCKER_HOST, else /var/run/docker.sock).
/// Does not provision: CI starts the engine first (<c>./build.sh DockerEngine</c>).
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    private DockerEngineConnection? connection;

    public DockerClient Client => connection?.Client ?? throw new InvalidOperationException("The Docker fixture is not initialised.");

    public DockerEngineConnection Connection => connection ?? throw new InvalidOperationException("The Docker fixture is not initialised.");

    public async Task InitializeAsync() =>
        connection = await DockerEngine.EnsureAsync(new DockerEngineOptions { AllowProvisioning = false }, TestLog.Silent).ConfigureAwait(false);

    public Task DisposeAsync()
    {
        connection?.Dispose();
        return Task.CompletedTask;
    }
}
