using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Backends;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Probes;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Models;
using Slipway.Tooling;

namespace Slipway.Pipeline;

partial class Build
{
    const string App = "slipway";

    [Parameter("Environment to deploy to", Name = "Environment")]
    string DeployEnvironment = "local";

    [Parameter("Where the environment runs: Engine (blue/green behind an nginx edge) or Swarm (a Docker Swarm service)")]
    DeploymentBackend Backend = DeploymentBackend.Engine;

    [Parameter("The stable public address of the edge (127.0.0.1 only)")]
    string EdgeAddress = "127.0.0.1:8080";

    [Parameter("The stable public gRPC address of the edge, while the service speaks gRPC (127.0.0.1 only; default: the port after the edge port)")]
    string? EdgeGrpcAddress;

    [Parameter("Swarm: number of replicas")]
    int Replicas = 2;

    [Parameter("How long a candidate has to become healthy, ready and pass the smoke inference")]
    TimeSpan GateTimeout = TimeSpan.FromMinutes(2);

    [Parameter("How long the old version may drain after SIGTERM")]
    TimeSpan DrainGrace = TimeSpan.FromSeconds(30);

    [Parameter("The deployment ledger (default: $XDG_STATE_HOME/slipway/slipway/<environment>.jsonl, else ~/.local/state/slipway/slipway/<environment>.jsonl)")]
    AbsolutePath? Ledger;

    [Parameter("The service's API keys, one definition per line or separated by ';': '<key> [name=<name>] [models=a,b] [rate=<n>/s]'; passed as a file on tmpfs; the deploy and the smoke test use the first"), Secret]
    string? ApiKeys;

    /// <summary>The key definitions of <see cref="ApiKeys"/>.</summary>
    IReadOnlyList<string> ApiKeyDefinitions => ApiKeys is null ? [] : [.. ApiKeys.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [Parameter("Why a rollback or a promotion happens (recorded in the ledger, or in the model registry)")]
    string? Reason;

    [Parameter("How traffic moves to the new version: BlueGreen (all at once after the gates, then a watch) or Canary (weighted steps, each judged by Prometheus)")]
    DeploymentStrategy Strategy = DeploymentStrategy.BlueGreen;

    [Parameter("Canary: the new version's share of traffic at each step, in percent, ending at 100")]
    int[] CanarySteps = [10, 50, 100];

    [Parameter("Canary: how long each step lasts before its analysis decides")]
    TimeSpan StepDuration = TimeSpan.FromSeconds(10);

    [Parameter("How long the analysis keeps watching after the new version takes all traffic (0 turns the watch off)")]
    TimeSpan Watch = TimeSpan.FromSeconds(10);

    [Parameter("Requests per second of probe load the deploy sends through the edge while it analyses (real traffic adds to it)")]
    double AnalysisLoad = 20;

    [Parameter("Analysis: the lowest share of non-5xx answers a version may give (429s are counted apart)")]
    double MinSuccessRate = 0.99;

    [Parameter("Analysis: the highest p99 latency a version may have")]
    TimeSpan MaxP99 = TimeSpan.FromSeconds(1);

    [Parameter("Analysis: the candidate's p99 may be at most this many times the baseline's (above the latency noise floor)")]
    double MaxLatencyRatio = 1.5;

    [Parameter("Analysis: a candidate p99 within this much of the baseline's always passes (jitter between two copies of one version is not a regression)")]
    TimeSpan LatencyNoiseFloor = TimeSpan.FromMilliseconds(100);

    [Parameter("Analysis: the requests a version must answer in a window before a verdict")]
    int MinRequests = 20;

    [Parameter("Analysis: how long a window may wait for its minimum requests before it is inconclusive (the deploy then fails safe)")]
    TimeSpan AnalysisTimeout = TimeSpan.FromSeconds(60);

    [Parameter("Where Alertmanager sends firing alerts (a webhook receiver URL)")]
    Uri? AlertWebhook;

    Target Deploy => _ => _
        .Description("Deploys the image behind the edge, blue/green or canary: gated, analysed by Prometheus, zero downtime, automatic rollback; records the ledger")
        // a local deploy is gated by the engine, service and delivery suites; the integration suite runs in Test and CI,
        // and the new service itself is checked by the deploy's own gates
        .DependsOn(TestEngine, TestServing, TestTraining, TestDelivery, ContainerImage)
        .Triggers(SmokeTest)
        .Executes(async cancellationToken =>
        {
            var image = await ReadImageAsync(cancellationToken);
            var result = await DeployAsync((deployer, request, ct) => deployer.DeployAsync(request, ct),
                await DeployRequestAsync(cancellationToken) with
                {
                    Image = image.Id,
                    Version = image.Labels.GetValueOrDefault("org.opencontainers.image.version"),
                }, cancellationToken);
            Log.Information("{Message}", result.Message);
            if (result.GrpcEndpoint is { } grpc)
                Log.Information("gRPC: {GrpcEndpoint} (inference.GRPCInferenceService, HTTP/2 cleartext)", grpc);
            if (result.LedgerEntry.Prometheus is { } prometheus)
                Log.Information("Monitoring: Prometheus {Prometheus}, Alertmanager {Alertmanager}", prometheus, result.LedgerEntry.Alertmanager);
            Host.SetOutput("endpoint", result.Endpoint);
        });

    Target Rollback => _ => _
        .Description("Deploys the previous successful image from the ledger, through the same gates")
        .DependsOn(DockerEngine)
        .Executes(async cancellationToken =>
        {
            var result = await DeployAsync((deployer, request, ct) => deployer.RollbackAsync(request, ct),
                await DeployRequestAsync(cancellationToken) with { Reason = Reason ?? "manual rollback" }, cancellationToken);
            Log.Information("{Message}", result.Message);
        });

    Target Undeploy => _ => _
        .Description("Removes the environment's service and edge containers; records it in the ledger")
        .DependsOn(DockerEngine)
        .Executes(async cancellationToken =>
        {
            var result = await DeployAsync((deployer, request, ct) => deployer.UndeployAsync(request, ct),
                await DeployRequestAsync(cancellationToken), cancellationToken);
            Log.Information("{Message}", result.Message);
        });

    Target RecordProbes => _ => _
        .Description("Records the golden-output probe references of every model from the deployed environment into models/<name>/<version>/probes.json, on purpose after an intended output change")
        .Executes(async cancellationToken =>
        {
            var edge = new Uri($"http://{EdgeAddress}/");
            foreach (var file in (RootDirectory / "models").GlobFiles($"*/*/{ModelManifestFile.FileName}"))
            {
                var manifest = await ModelManifestFile.ReadAsync(file, cancellationToken);
                var recording = await ProbeRecorder.RecordAsync(edge, manifest, ProbeReferencesFile.PathBeside(file), DeployRequest.ClientKeyOf(ApiKeyDefinitions), cancellationToken);
                Log.Information(recording.Written ? "Recorded {Count} probes of {Model} from {Edge} into {Path}" : "The {Count} probes of {Model} from {Edge} match {Path}; unchanged",
                    recording.References.Probes.Count, $"{manifest.Name}/{manifest.Version}", edge, recording.Path);
            }
        });

    string LedgerPath => Ledger ?? StatePaths.Ledger(App, DeployEnvironment);

    async Task<DeployResult> DeployAsync(
        Func<Deployer, DeployRequest, CancellationToken, Task<DeployResult>> action, DeployRequest request, CancellationToken cancellationToken)
    {
        using var engine = await ConnectDockerAsync(cancellationToken);
        // the edge and monitoring images are bootstrapped only when the deploy needs them (never for an Undeploy)
        var images = new DeployImages(
            ct => EdgeImage.EnsureAsync(engine.Client, Log.Logger, ct),
            ct => MonitoringImage.EnsureAsync(engine.Client, Log.Logger, ct));
        return await action(new Deployer(engine.Client, Log.Logger, images), request, cancellationToken);
    }

    async Task<DeployRequest> DeployRequestAsync(CancellationToken cancellationToken)
    {
        var github = GitHubContext.FromEnvironment(Environment.GetEnvironmentVariable, out var why);
        Log.Information("GitHub deployments: {GitHub}", why);
        var commit = await GitAsync(["rev-parse", "HEAD"], cancellationToken);
        var commitTime = await GitAsync(["show", "-s", "--format=%cI", "HEAD"], cancellationToken);
        return new DeployRequest
        {
            App = App,
            Environment = DeployEnvironment,
            Backend = Backend,
            EdgeAddress = EdgeAddress,
            EdgeGrpcAddress = EdgeGrpcAddress,
            Replicas = Replicas,
            GateTimeout = GateTimeout,
            DrainGrace = DrainGrace,
            Strategy = Strategy,
            CanarySteps = CanarySteps,
            StepDuration = StepDuration,
            Watch = Watch,
            AnalysisLoad = AnalysisLoad,
            Analysis = new AnalysisDefinition
            {
                MinSuccessRate = MinSuccessRate,
                MaxP99 = MaxP99,
                MaxLatencyRatio = MaxLatencyRatio,
                LatencyNoiseFloor = LatencyNoiseFloor,
                MinRequests = MinRequests,
                Timeout = AnalysisTimeout,
            },
            Monitoring = new MonitoringOptions { AlertWebhook = AlertWebhook },
            ApiKeys = ApiKeyDefinitions,
            LedgerPath = LedgerPath,
            Models = await DeployedModelsAsync(cancellationToken),
            // the probe references are committed beside the manifests in the repository, not in the materialised artifacts
            ModelsDirectory = RootDirectory / "models",
            Commit = commit,
            CommitTime = DateTimeOffset.TryParse(commitTime, out var time) ? time : null,
            GitHub = github,
            RunUrl = Host.RunUrl,
        };
    }

    async Task<IReadOnlyList<ModelVersion>> DeployedModelsAsync(CancellationToken cancellationToken)
    {
        var models = new List<ModelVersion>();
        foreach (var file in ModelsDirectory.GlobFiles($"*/*/{ModelManifestFile.FileName}"))
        {
            var manifest = await ModelManifestFile.ReadAsync(file, cancellationToken);
            models.Add(new ModelVersion(manifest.Name, manifest.Version, ModelDigest.Compute(manifest)));
        }

        return models;
    }

    Task<string?> GitAsync(string[] arguments, CancellationToken cancellationToken) =>
        Git.TryRunAsync(RootDirectory, arguments, cancellationToken: cancellationToken);
}
