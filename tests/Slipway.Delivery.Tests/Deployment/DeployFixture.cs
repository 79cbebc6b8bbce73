using Docker.DotNet;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Models;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Shared by every engine-backed deploy test: the real engine, the edge image (bootstrapped once from Debian
/// packages and kept, as the build keeps it), the real Slipway.Serving image built once from the published service
/// and the real all-MiniLM-L6-v2 model, two variants of it, and the stand-in images for failures the real service
/// cannot be made to show. Everything but the edge and base images is removed afterwards.
/// </summary>
public sealed class DeployFixture : IAsyncLifetime
{
    private readonly string _repository = UniqueName.Create("deploy");

    public ServingImageFixture Serving { get; } = new();

    public IDockerClient Client => Serving.Docker;

    public string EdgeImageReference { get; private set; } = "";

    /// <summary>The real service image.</summary>
    public string Real { get; private set; } = "";

    /// <summary>The real service image with one more label: a different image id, the same service.</summary>
    public string RealNext { get; private set; } = "";

    /// <summary>The real service image whose HEALTHCHECK always fails.</summary>
    public string RealUnhealthy { get; private set; } = "";

    public string RealModel => ModelMaterializer.MiniLmName;

    public string V1 { get; private set; } = "";

    public string V2 { get; private set; } = "";

    public string WrongShape { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Serving.InitializeAsync();
        EdgeImageReference = await EdgeImage.EnsureAsync(Client, TestLog.Silent);
        Real = Serving.Image.Id;
        RealNext = await TestImageBuilder.BuildAsync(Client, $"{_repository}:real-next", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {Real}\nLABEL org.slipway.test-variant=\"next\"\n",
        });
        RealUnhealthy = await TestImageBuilder.BuildAsync(Client, $"{_repository}:real-unhealthy", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {Real}\nHEALTHCHECK --interval=1s --timeout=2s --start-period=1s --retries=2 CMD [\"/bin/false\"]\n",
        });
        V1 = await Fake("v1").BuildAsync(Client, EdgeImageReference);
        V2 = await (Fake("v2") with { Version = 2 }).BuildAsync(Client, EdgeImageReference);
        WrongShape = await (Fake("wrong-shape") with { Version = 5, OutputWidth = 3 }).BuildAsync(Client, EdgeImageReference);
    }

    public async Task DisposeAsync()
    {
        var cleanup = new Cleanup();
        var images = new[] { "real-next", "real-unhealthy", "v1", "v2", "wrong-shape" }
            .Select(tag => new DockerResource(DockerResourceKind.Image, $"{_repository}:{tag}", $"{_repository}:{tag}"));
        await cleanup.RunAsync($"remove the images of '{_repository}'", () => LabelledResources.RemoveAsync(Client, images));
        await cleanup.RunAsync("dispose the serving image fixture", Serving.DisposeAsync);
        cleanup.ThrowIfAnyFailed();
    }

    private FakeServiceImage Fake(string tag) => new() { Tag = $"{_repository}:{tag}" };
}
