using Docker.DotNet;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Models;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Shared by every engine-backed deploy test: the real engine, the edge image (bootstrapped once from Debian
/// packages and kept, as the build keeps it) and small stand-in service images for the deployment mechanics, which
/// change only with these tests. The real Slipway.Serving image (published service + real all-MiniLM-L6-v2 model)
/// and its variants are built on first use, by the tests of category "Service" only. Everything but the edge and
/// base images is removed afterwards.
/// </summary>
public sealed class DeployFixture : IAsyncLifetime
{
    public const string ServiceCategory = "Service";

    private readonly string _repository = UniqueName.Create("deploy");
    private readonly Lazy<Task<RealServiceImages>> _real;

    public DeployFixture() => _real = new(BuildRealAsync);

    public DockerFixture Docker { get; } = new();

    public IDockerClient Client => Docker.Client;

    public string EdgeImageReference { get; private set; } = "";

    public string RealModel => ModelMaterializer.MiniLmName;

    /// <summary>The stand-in service, version 1.</summary>
    public string V1 { get; private set; } = "";

    /// <summary>The stand-in service, version 2.</summary>
    public string V2 { get; private set; } = "";

    /// <summary>A stand-in whose HEALTHCHECK fails and that never gets ready.</summary>
    public string Unhealthy { get; private set; } = "";

    /// <summary>A stand-in that never gets ready (and stays healthy): a deploy of it waits in the gates.</summary>
    public string NeverReady { get; private set; } = "";

    /// <summary>A stand-in that writes a line naming what is missing and exits on start.</summary>
    public string CrashOnStart { get; private set; } = "";

    public string WrongShape { get; private set; } = "";

    /// <summary>A stand-in that passes every gate and answers 20% of the infer requests through the edge with 500.</summary>
    public string FailsOneInFive { get; private set; } = "";

    /// <summary>A stand-in that answers every infer request 300 ms late.</summary>
    public string Slow { get; private set; } = "";

    /// <summary>The stand-in, version 2, declaring a gRPC address (Serving__GrpcUrl) it never answers: a deploy gives it a gRPC port and gates it there.</summary>
    public string GrpcSilent { get; private set; } = "";

    /// <summary>The monitoring image (Prometheus, Alertmanager, mtail), bootstrapped once and kept like the edge image.</summary>
    public string MonitoringImageReference { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Docker.InitializeAsync();
        EdgeImageReference = await EdgeImage.EnsureAsync(Client, TestLog.Silent);
        V1 = await Fake("v1").BuildAsync(Client, EdgeImageReference);
        V2 = await (Fake("v2") with { Version = 2 }).BuildAsync(Client, EdgeImageReference);
        Unhealthy = await (Fake("unhealthy") with { Version = 3, Ready = false, HealthCommand = "[\"/bin/false\"]" }).BuildAsync(Client, EdgeImageReference);
        NeverReady = await (Fake("never-ready") with { Version = 4, Ready = false, HealthCommand = "[\"/bin/true\"]" }).BuildAsync(Client, EdgeImageReference);
        CrashOnStart = await (Fake("crash") with { Version = 6, StartScript = "#!/bin/sh\necho 'model repository /models-missing does not exist' >&2\nexit 3\n" })
            .BuildAsync(Client, EdgeImageReference);
        WrongShape = await (Fake("wrong-shape") with { Version = 5, OutputWidth = 3 }).BuildAsync(Client, EdgeImageReference);
        FailsOneInFive = await (Fake("fails-one-in-five") with { Version = 7, EdgeFailurePercent = 20 }).BuildAsync(Client, EdgeImageReference);
        Slow = await (Fake("slow") with { Version = 8, ExtraLatency = TimeSpan.FromMilliseconds(300) }).BuildAsync(Client, EdgeImageReference);
        GrpcSilent = await TestImageBuilder.BuildAsync(Client, $"{_repository}:grpc-silent", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {V2}\nENV Serving__GrpcUrl=http://127.0.0.1:8081\n",
        });
        MonitoringImageReference = await MonitoringImage.EnsureAsync(Client, TestLog.Silent);
    }

    /// <summary>The real service images, built once on first use (publishes the service).</summary>
    public Task<RealServiceImages> RealAsync() => _real.Value;

    private async Task<RealServiceImages> BuildRealAsync()
    {
        await Serving.InitializeAsync();
        var real = Serving.Image.Id;
        var next = await TestImageBuilder.BuildAsync(Client, $"{_repository}:real-next", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {real}\nLABEL org.slipway.test-variant=\"next\"\n",
        });
        return new RealServiceImages(real, next);
    }

    private ServingImageFixture Serving { get; } = new();

    public async Task DisposeAsync()
    {
        var cleanup = new Cleanup();
        var images = new[] { "real-next", "v1", "v2", "unhealthy", "never-ready", "crash", "wrong-shape", "fails-one-in-five", "slow", "grpc-silent" }
            .Select(tag => new DockerResource(DockerResourceKind.Image, $"{_repository}:{tag}", $"{_repository}:{tag}"));
        await cleanup.RunAsync($"remove the images of '{_repository}'", () => LabelledResources.RemoveAsync(Client, images));
        if (_real.IsValueCreated)
        {
            await cleanup.RunAsync("dispose the serving image fixture", Serving.DisposeAsync);
        }

        await cleanup.RunAsync("close the engine connection", Docker.DisposeAsync);
        cleanup.ThrowIfAnyFailed();
    }

    private FakeServiceImage Fake(string tag) => new() { Tag = $"{_repository}:{tag}" };
}
