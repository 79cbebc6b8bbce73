using Docker.DotNet;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// The real engine and the monitoring image (bootstrapped once from Debian packages, then reused by recipe hash and
/// kept after the tests, as the build keeps its base images); the edge image on first use.
/// </summary>
public sealed class MonitoringFixture : IAsyncLifetime
{
    private readonly Lazy<Task<string>> _edgeImage;

    public MonitoringFixture() => _edgeImage = new(() => EdgeImage.EnsureAsync(Client, TestLog.Silent));

    public DockerFixture Docker { get; } = new();

    public IDockerClient Client => Docker.Client;

    public string Image { get; private set; } = "";

    /// <summary>The nginx edge image (bootstrapped on first use, kept like the monitoring image), for the tests that run the real edge.</summary>
    public Task<string> EdgeImageAsync() => _edgeImage.Value;

    public async Task InitializeAsync()
    {
        await Docker.InitializeAsync();
        Image = await MonitoringImage.EnsureAsync(Client, TestLog.Silent);
    }

    public Task DisposeAsync() => Docker.DisposeAsync();
}
