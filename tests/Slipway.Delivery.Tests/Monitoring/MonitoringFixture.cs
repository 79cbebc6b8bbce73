using Docker.DotNet;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// The real engine and the monitoring image (bootstrapped once from Debian packages, then reused by recipe hash and
/// kept after the tests, as the build keeps its base images).
/// </summary>
public sealed class MonitoringFixture : IAsyncLifetime
{
    public DockerFixture Docker { get; } = new();

    public IDockerClient Client => Docker.Client;

    public string Image { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Docker.InitializeAsync();
        Image = await MonitoringImage.EnsureAsync(Client, TestLog.Silent);
    }

    public Task DisposeAsync() => Docker.DisposeAsync();
}
