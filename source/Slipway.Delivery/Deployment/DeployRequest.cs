using System.Net;
using System.Text.RegularExpressions;
using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// What to deploy where. Immutable: derive variations with <c>with { … }</c>; <see cref="Validate"/> reports every problem at once.
/// </summary>
public sealed partial record DeployRequest
{
    /// <summary>Application name; containers are named <c>&lt;app&gt;-&lt;environment&gt;-&lt;colour&gt;</c>.</summary>
    public required string App { get; init; }

    /// <summary>The service image to deploy: a reference (<c>slipway:1.2.0</c>) or an image id. Ignored by rollback and undeploy.</summary>
    public string Image { get; init; } = "";

    public string Environment { get; init; } = "local";

    public DeploymentBackend Backend { get; init; } = DeploymentBackend.Engine;

    /// <summary>The nginx image for the edge (built from the offline Debian base with nginx-light); null when the <see cref="Deployer"/> is given the images to build.</summary>
    public string? EdgeImage { get; init; }

    /// <summary>The stable public address the edge listens on (127.0.0.1 only).</summary>
    public string EdgeAddress { get; init; } = "127.0.0.1:8080";

    /// <summary>
    /// The stable public gRPC address of the edge (127.0.0.1 only, HTTP/2 cleartext), served while the deployed image speaks
    /// gRPC; default the edge port + 1 (<c>127.0.0.1:8081</c> for the default edge).
    /// </summary>
    public string? EdgeGrpcAddress { get; init; }

    /// <summary>First port tried for a colour's service container; default the edge port + 1 (the ports the edge and its monitoring use are skipped).</summary>
    public int? FirstServicePort { get; init; }

    /// <summary>The model the smoke inference is sent to; default the first of <see cref="Models"/>.</summary>
    public string? SmokeModel { get; init; }

    public IReadOnlyList<ModelVersion> Models { get; init; } = [];

    /// <summary>How long the candidate has to become healthy, ready and answer the smoke inference.</summary>
    public TimeSpan GateTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Smoke requests sent straight to a candidate after its gates, before any traffic, so its cold first answers are not judged.</summary>
    public int WarmupRequests { get; init; } = 50;

    /// <summary>How long the old version may drain after SIGTERM before it is killed.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra environment variables for the service container (never logged: values may be secrets).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The service's API key definitions (<c>&lt;key&gt; [name=…] [models=…] [rate=…]</c>, one each), passed to the service as
    /// the file <c>Serving:Auth:ApiKeyFile</c> on a tmpfs bind mount, never through its environment. The deploy's own
    /// requests (gates, probes, probe load) use the first key, so give that one every model and no rate. Engine backend only.
    /// </summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>A tmpfs directory on the engine's host for the key files (default <c>/dev/shm/slipway</c>); checked to be tmpfs.</summary>
    public string SecretsDirectory { get; init; } = "/dev/shm/slipway";

    /// <summary>The key the deploy's own requests send: the first token of the first <see cref="ApiKeys"/> entry; null without keys.</summary>
    public string? ClientApiKey => ClientKeyOf(ApiKeys);

    /// <summary>The key of the first definition (its first word); null without definitions.</summary>
    public static string? ClientKeyOf(IReadOnlyList<string> apiKeys) =>
        apiKeys.Count == 0 ? null : apiKeys[0].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    /// <summary>
    /// Labels put on every container, Swarm service and network the deploy creates, beside Slipway's own
    /// (e.g. <see cref="Containers.ContainerLabels.TestRun"/>, so a test run can find what it left behind).
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Deploy state directory; default <see cref="StatePaths.AppDirectory"/>.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The ledger file; default <c>&lt;state directory&gt;/&lt;environment&gt;.jsonl</c>.</summary>
    public string? LedgerPath { get; init; }

    public string? Commit { get; init; }

    public DateTimeOffset? CommitTime { get; init; }

    public string? Version { get; init; }

    /// <summary>Who deploys; default the user name.</summary>
    public string? Who { get; init; }

    /// <summary>The CI run or job that deploys (GitHub Actions run, GitLab job, Jenkins build); null off CI.</summary>
    public string? RunUrl { get; init; }

    /// <summary>Why (for a rollback: the reason recorded in the ledger).</summary>
    public string? Reason { get; init; }

    /// <summary>GitHub deployment reporting; null (the default off GitHub) turns it off.</summary>
    public GitHubContext? GitHub { get; init; }

    /// <summary>How traffic moves to the new version: all at once after the gates, or in weighted, analysed steps.</summary>
    public DeploymentStrategy Strategy { get; init; } = DeploymentStrategy.BlueGreen;

    /// <summary>Canary: the candidate's share of traffic at each step, in percent, ending at 100.</summary>
    public IReadOnlyList<int> CanarySteps { get; init; } = [10, 50, 100];

    /// <summary>Canary: how long each step lasts before its analysis decides (at least the time to reach the minimum sample).</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After the version takes 100%: how long the analysis keeps watching before the deploy succeeds. Zero turns the watch off.</summary>
    public TimeSpan Watch { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per second of probe load Deploy drives through the edge during analysis windows (real traffic adds to it). Zero: none.</summary>
    public double AnalysisLoad { get; init; } = 20;

    /// <summary>The thresholds the canary steps and the watch window are judged by.</summary>
    public Analysis.AnalysisDefinition Analysis { get; init; } = new();

    /// <summary>
    /// The repository's model manifests (<c>&lt;name&gt;/&lt;version&gt;/model.json</c>), beside which the golden-output probe
    /// references live; null turns the probe gate off.
    /// </summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>The environment's Prometheus, Alertmanager and edge-metrics exporter.</summary>
    public Monitoring.MonitoringOptions Monitoring { get; init; } = new();

    /// <summary>Swarm: the number of replicas.</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>Swarm: the port the service listens on inside each task.</summary>
    public int SwarmServicePort { get; init; } = 8080;

    public string ResolvedStateDirectory => StateDirectory ?? StatePaths.AppDirectory(App);

    public string ResolvedLedgerPath => LedgerPath ?? Path.Combine(ResolvedStateDirectory, Environment + ".jsonl");

    public string ResolvedSmokeModel => SmokeModel ?? (Models.Count > 0 ? Models[0].Name : "");

    /// <summary>The models the candidate's smoke gates try, each in turn: <see cref="SmokeModel"/> alone when set, else every deployed model.</summary>
    public IReadOnlyList<string> ResolvedSmokeModels => SmokeModel is { } model ? [model] : [.. Models.Select(m => m.Name).Distinct(StringComparer.Ordinal)];

    public IPEndPoint EdgeEndPoint => IPEndPoint.Parse(EdgeAddress);

    public int ResolvedFirstServicePort => FirstServicePort ?? EdgeEndPoint.Port + 1;

    public IPEndPoint EdgeGrpcEndPoint => EdgeGrpcAddress is { } address ? IPEndPoint.Parse(address) : new IPEndPoint(EdgeEndPoint.Address, EdgeEndPoint.Port + 1);

    public string EdgeGrpcUrl => $"http://{EdgeGrpcEndPoint}";

    /// <summary>Throws <see cref="DeployRequestException"/> listing every problem.</summary>
    /// <param name="requireImage">False for rollback and undeploy, which do not take an image.</param>
    public void Validate(bool requireImage = true)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(App) || !NamePattern().IsMatch(App))
        {
            problems.Add($"App '{App}' must be lower-case letters, digits and '-', starting with a letter (e.g. 'slipway').");
        }

        if (string.IsNullOrWhiteSpace(Environment) || !NamePattern().IsMatch(Environment))
        {
            problems.Add($"Environment '{Environment}' must be lower-case letters, digits and '-', starting with a letter (e.g. 'local', 'staging').");
        }

        if (requireImage && string.IsNullOrWhiteSpace(Image))
        {
            problems.Add("Image is empty; pass the image built by the ContainerImage target (e.g. 'slipway:1.0.0').");
        }

        if (!IPEndPoint.TryParse(EdgeAddress, out var edge) || edge.Port == 0)
        {
            problems.Add($"EdgeAddress '{EdgeAddress}' is not an address with a port; use e.g. '127.0.0.1:8080'.");
        }
        else if (!IPAddress.IsLoopback(edge.Address))
        {
            problems.Add($"EdgeAddress '{EdgeAddress}' is not a loopback address; the edge publishes on 127.0.0.1 only (e.g. '127.0.0.1:8080').");
        }
        else
        {
            problems.AddRange(EdgeGrpcProblems(edge));
        }

        if (string.IsNullOrWhiteSpace(ResolvedSmokeModel))
        {
            problems.Add("No model to smoke-test: set SmokeModel or list the deployed Models.");
        }

        if (GateTimeout <= TimeSpan.Zero)
        {
            problems.Add($"GateTimeout {GateTimeout} must be positive (e.g. 00:02:00).");
        }

        if (DrainGrace < TimeSpan.Zero)
        {
            problems.Add($"DrainGrace {DrainGrace} must not be negative (e.g. 00:00:30).");
        }

        if (FirstServicePort is < 1 or > 65000)
        {
            problems.Add($"FirstServicePort {FirstServicePort} must be between 1 and 65000.");
        }

        if (Replicas < 1)
        {
            problems.Add($"Replicas {Replicas} must be at least 1.");
        }

        if (CanarySteps.Count == 0 || CanarySteps[^1] != 100 || CanarySteps.Any(step => step is < 1 or > 100) || CanarySteps.Zip(CanarySteps.Skip(1)).Any(pair => pair.First >= pair.Second))
        {
            problems.Add($"CanarySteps '{string.Join(",", CanarySteps)}' must be increasing percentages between 1 and 100 ending at 100, e.g. '10,50,100'.");
        }

        if (WarmupRequests is < 0 or > 10000)
        {
            problems.Add($"WarmupRequests {WarmupRequests} must be between 0 and 10000, e.g. 50.");
        }

        if (StepDuration <= TimeSpan.Zero)
        {
            problems.Add($"StepDuration {StepDuration} must be positive, e.g. 00:00:10.");
        }

        if (Watch < TimeSpan.Zero)
        {
            problems.Add($"Watch {Watch} must not be negative (zero turns the watch off), e.g. 00:00:10.");
        }

        if (AnalysisLoad is < 0 or > 500 || double.IsNaN(AnalysisLoad))
        {
            problems.Add($"AnalysisLoad {AnalysisLoad} must be between 0 and 500 requests per second, e.g. 20.");
        }

        problems.AddRange(Analysis.Problems());
        problems.AddRange(Monitoring.Problems());

        foreach (var key in ServiceEnvironment.Keys.Where(k => string.IsNullOrWhiteSpace(k) || k.Contains('=')))
        {
            problems.Add($"Service environment variable name '{key}' is empty or contains '='.");
        }

        if (ApiKeys.Count > 0)
        {
            if (ApiKeys.Any(string.IsNullOrWhiteSpace) || ApiKeys.Any(k => k.Contains('\n', StringComparison.Ordinal)))
                problems.Add("ApiKeys has an empty entry or one with a line break; give one key definition per entry ('<key> [name=<name>] [models=a,b] [rate=<n>/s]').");
            if (Backend != DeploymentBackend.Engine)
                problems.Add($"ApiKeys are passed to the service as a file on a tmpfs mount, which the {Backend} backend does not do; deploy with --backend Engine, or leave ApiKeys unset.");
            if (ServiceEnvironment.Keys.Any(k => k.StartsWith("Serving__Auth__", StringComparison.Ordinal)))
                problems.Add("ServiceEnvironment sets Serving__Auth__… while ApiKeys is set; the deploy writes the key file itself, so remove those variables.");
        }

        foreach (var key in ExtraLabels.Keys.Where(k => string.IsNullOrWhiteSpace(k) || k.Contains('=') || Containers.ContainerLabels.Reserved.Contains(k)))
        {
            problems.Add($"Extra label '{key}' is empty, contains '=' or is one of Slipway's own labels ({string.Join(", ", Containers.ContainerLabels.Reserved)}); choose another name, e.g. 'org.example.team'.");
        }

        if (problems.Count > 0)
        {
            throw new DeployRequestException(problems);
        }
    }

    private IEnumerable<string> EdgeGrpcProblems(IPEndPoint edge)
    {
        IPEndPoint grpc;
        if (EdgeGrpcAddress is null)
        {
            if (edge.Port == IPEndPoint.MaxPort)
            {
                yield return $"EdgeGrpcAddress is not set and EdgeAddress '{EdgeAddress}' has the last port, so the edge port + 1 is no port; set EdgeGrpcAddress, e.g. '127.0.0.1:8081'.";
                yield break;
            }

            grpc = new IPEndPoint(edge.Address, edge.Port + 1);
        }
        else if (!IPEndPoint.TryParse(EdgeGrpcAddress, out var parsed) || parsed.Port == 0)
        {
            yield return $"EdgeGrpcAddress '{EdgeGrpcAddress}' is not an address with a port; use e.g. '127.0.0.1:8081'.";
            yield break;
        }
        else if (!IPAddress.IsLoopback(parsed.Address))
        {
            yield return $"EdgeGrpcAddress '{EdgeGrpcAddress}' is not a loopback address; the edge publishes on 127.0.0.1 only (e.g. '127.0.0.1:8081').";
            yield break;
        }
        else
        {
            grpc = parsed;
        }

        var taken = new Dictionary<int, string> { [edge.Port] = $"EdgeAddress '{EdgeAddress}'" };
        if (Monitoring.Problems().Count == 0)
        {
            foreach (var (name, endPoint) in new[]
                     {
                         ("Prometheus", Monitoring.ResolvePrometheus(edge)), ("Alertmanager", Monitoring.ResolveAlertmanager(edge)),
                         ("the edge-metrics exporter", Monitoring.ResolveEdgeMetrics(edge)), ("the edge's syslog port", Monitoring.ResolveEdgeLog(edge)),
                     })
            {
                taken.TryAdd(endPoint.Port, $"{name} ({endPoint})");
            }
        }

        if (taken.TryGetValue(grpc.Port, out var user))
        {
            var free = Enumerable.Range(edge.Port + 1, 100).First(port => !taken.ContainsKey(port));
            yield return $"EdgeGrpcAddress '{grpc}' uses the port of {user}; give the edge's gRPC listener a port of its own, e.g. '127.0.0.1:{free}'.";
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,40}$")]
    private static partial Regex NamePattern();
}
