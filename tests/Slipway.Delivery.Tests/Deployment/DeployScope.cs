using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// One test's environment: a unique app name, its own state directory and a free edge port; everything its deploys
/// create carries the test run's label. Disposing removes everything labelled with the app (Swarm services, containers,
/// networks; already gone counts as removed, one failure never stops the rest) and the state directory.
/// </summary>
public sealed class DeployScope : IAsyncDisposable
{
    private readonly IDockerClient _docker;

    /// <param name="real">Smoke-test model minilm of the real service image (the test sets the image it built with RealAsync) rather than the stand-in (model m).</param>
    /// <param name="monitoring">
    /// Bring up the environment's Prometheus, Alertmanager and edge-metrics exporter (on free ports) and analyse; off, the
    /// deploy mechanics are tested alone (blue/green, no watch).
    /// </param>
    public DeployScope(DeployFixture fixture, bool real = false, ILogger? log = null, bool monitoring = false)
    {
        _docker = fixture.Client;
        App = "t" + Guid.NewGuid().ToString("N")[..10];
        StateDirectory = Path.Combine(Path.GetTempPath(), "slipway-deploy-tests", App);
        EdgePort = FreePort.Next();
        Log = new TestLog();
        Deployer = new Deployer(fixture.Client, log ?? Log.Logger);
        Request = new DeployRequest
        {
            App = App,
            Image = fixture.V1, // a real-service test sets the image it built with fixture.RealAsync()
            EdgeImage = fixture.EdgeImageReference,
            EdgeAddress = $"127.0.0.1:{EdgePort}",
            EdgeGrpcAddress = $"127.0.0.1:{FreePort.Next()}",
            FirstServicePort = FreePort.Block(),
            SmokeModel = real ? fixture.RealModel : FakeServiceImage.Model,
            Models = [new ModelVersion(real ? fixture.RealModel : FakeServiceImage.Model, "1", null)],
            StateDirectory = StateDirectory,
            GateTimeout = TimeSpan.FromSeconds(60),
            DrainGrace = TimeSpan.FromSeconds(5),
            Commit = "0123456789abcdef0123456789abcdef01234567",
            Who = "deploy-tests",
            RunUrl = "https://gitlab.example.org/slipway/-/jobs/7",
            ExtraLabels = TestRun.Labels,
            Watch = TimeSpan.Zero,
            Monitoring = new MonitoringOptions
            {
                Enabled = monitoring,
                Image = fixture.MonitoringImageReference,
                PrometheusAddress = $"127.0.0.1:{FreePort.Next()}",
                AlertmanagerAddress = $"127.0.0.1:{FreePort.Next()}",
                EdgeMetricsAddress = $"127.0.0.1:{FreePort.Next()}",
                EdgeLogAddress = $"127.0.0.1:{FreePort.Next()}",
            },
            // short windows: a test judges a few seconds of probe load, not minutes
            StepDuration = TimeSpan.FromSeconds(4),
            AnalysisLoad = 25,
            Analysis = new AnalysisDefinition { MinRequests = 10, Timeout = TimeSpan.FromSeconds(45), LatencyNoiseFloor = TimeSpan.FromMilliseconds(100) },
        };
    }

    public string App { get; }

    public string StateDirectory { get; }

    public int EdgePort { get; }

    public TestLog Log { get; }

    public Deployer Deployer { get; }

    public DeployRequest Request { get; }

    public Uri Edge => new($"http://127.0.0.1:{EdgePort}/");

    /// <summary>The edge's gRPC address (it listens there while the deployed image speaks gRPC).</summary>
    public Uri EdgeGrpc => new(Request.EdgeGrpcUrl);

    public Uri Prometheus => new($"http://{Request.Monitoring.PrometheusAddress}/");

    public DeploymentLedger Ledger => new(Request.ResolvedLedgerPath);

    public async Task<IList<ContainerListResponse>> ContainersAsync() =>
        await _docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={App}"] = true },
            },
        });

    public async ValueTask DisposeAsync()
    {
        var cleanup = new Cleanup();
        await cleanup.RunAsync($"remove what app '{App}' left", () => LabelledResources.RemoveAsync(_docker, $"{ContainerLabels.App}={App}"));
        cleanup.DeleteDirectory(StateDirectory);
        cleanup.ThrowIfAnyFailed();
    }
}
