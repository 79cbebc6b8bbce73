using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// The real engine plus the default base image (bootstrapped once from Debian packages, then reused:
/// it is a cache keyed by its recipe hash and is kept after the tests, as the build keeps it).
/// </summary>
public sealed class BaseImageFixture : IAsyncLifetime
{
    public DockerFixture Docker { get; } = new();

    public BaseImageResult BaseImage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Docker.InitializeAsync();
        BaseImage = await DebianImageBootstrapper.EnsureAsync(Docker.Client, BaseImageRecipe.DotNetRuntimeDeps, TestLog.Silent);
    }

    public Task DisposeAsync() => Docker.DisposeAsync();
}
