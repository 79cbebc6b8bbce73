using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Shared by every engine-backed deploy test: the real engine, the edge image (bootstrapped once from Debian
/// packages and kept, as the build keeps it) and the stand-in service images (removed afterwards).
/// </summary>
public sealed class DeployFixture : IAsyncLifetime
{
    private readonly string _repository = UniqueName.Create("svc");

    public DockerFixture Docker { get; } = new();

    public IDockerClient Client => Docker.Client;

    public string EdgeImageReference { get; private set; } = "";

    public string V1 { get; private set; } = "";

    public string V2 { get; private set; } = "";

    public string Unhealthy { get; private set; } = "";

    public string CrashesOnStart { get; private set; } = "";

    public string WrongShape { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Docker.InitializeAsync();
        EdgeImageReference = await EdgeImage.EnsureAsync(Client, TestLog.Silent);
        V1 = await Fake("v1").BuildAsync(Client, EdgeImageReference);
        V2 = await (Fake("v2") with { Version = 2 }).BuildAsync(Client, EdgeImageReference);
        Unhealthy = await (Fake("unhealthy") with { Version = 3, HealthCommand = "[\"/bin/false\"]" }).BuildAsync(Client, EdgeImageReference);
        CrashesOnStart = await (Fake("crash") with { Version = 4, StartScript = "#!/bin/sh\necho 'fatal: the model file /models/m/model.onnx is missing' >&2\nexit 3\n" }).BuildAsync(Client, EdgeImageReference);
        WrongShape = await (Fake("wrong-shape") with { Version = 5, OutputWidth = 3 }).BuildAsync(Client, EdgeImageReference);
    }

    public async Task DisposeAsync()
    {
        foreach (var tag in new[] { "v1", "v2", "unhealthy", "crash", "wrong-shape" })
        {
            try
            {
                await Client.Images.DeleteImageAsync($"{_repository}:{tag}", new ImageDeleteParameters { Force = true });
            }
            catch (DockerApiException)
            {
            }
        }

        await Docker.DisposeAsync();
    }

    private FakeServiceImage Fake(string tag) => new() { Tag = $"{_repository}:{tag}" };
}

[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<DeployFixture>
{
    public const string Name = "Deploy (real engine)";
}
