using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Delivery.Analysis;

namespace Slipway.Delivery.Deployment.Kubernetes;

/// <summary>
/// One environment on a Kubernetes cluster: everything <see cref="KubernetesManifests"/> renders from. The same values
/// drive the committed kustomize overlay, the Helm chart's defaults and what a deploy applies, so the three cannot drift.
/// </summary>
public sealed partial record KubernetesEnvironment
{
    /// <summary>The image reference the committed files carry; a deploy replaces it with the pushed digest (kustomize <c>images:</c>, Helm <c>image</c>).</summary>
    public const string PlaceholderImage = "slipway:placeholder";

    public required string App { get; init; }

    public required string Environment { get; init; }

    /// <summary>The namespace; default <c>&lt;app&gt;-&lt;environment&gt;</c>.</summary>
    public string? Namespace { get; init; }

    public string ResolvedNamespace => Namespace ?? $"{App}-{Environment}";

    /// <summary>The service image: a registry reference by digest when applied, <see cref="PlaceholderImage"/> in committed files.</summary>
    public string Image { get; init; } = PlaceholderImage;

    /// <summary>Replicas the autoscaler keeps at least (the manifests leave <c>spec.replicas</c> to it).</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>Replicas the autoscaler may scale up to.</summary>
    public int MaxReplicas { get; init; } = 6;

    /// <summary>Average CPU use, in percent of the request, the autoscaler aims for.</summary>
    public int TargetCpuUtilization { get; init; } = 70;

    public DeploymentStrategy Strategy { get; init; } = DeploymentStrategy.BlueGreen;

    /// <summary>Canary: the new version's share at each step, ending at 100 (the engine canary's steps).</summary>
    public IReadOnlyList<int> CanarySteps { get; init; } = [10, 50, 100];

    /// <summary>Canary: how long each step lasts before its analysis decides.</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The thresholds the canary's analysis judges by (the engine canary's).</summary>
    public AnalysisDefinition Analysis { get; init; } = new();

    /// <summary>The Prometheus the Argo Rollouts analysis asks (in the cluster).</summary>
    public string PrometheusAddress { get; init; } = "http://prometheus-operated.monitoring.svc:9090";

    /// <summary>How long a new version has to load its models and become ready: the startup probe's budget and the rollout's progress deadline.</summary>
    public TimeSpan GateTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a stopping pod may finish in-flight requests after SIGTERM.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping pod keeps serving before SIGTERM, while the endpoint controllers and proxies forget it.</summary>
    public TimeSpan PreStopDelay { get; init; } = TimeSpan.FromSeconds(5);

    public string CpuRequest { get; init; } = "500m";

    public string MemoryRequest { get; init; } = "1Gi";

    public string CpuLimit { get; init; } = "2";

    public string MemoryLimit { get; init; } = "2Gi";

    /// <summary>The served models: each one's manifest sha256 becomes a pod annotation, so a model change rolls the pods.</summary>
    public IReadOnlyList<ModelVersion> Models { get; init; } = [];

    /// <summary>
    /// A Secret in the namespace holding the API keys under the key <c>api-keys</c> (one key per line), mounted read-only as a
    /// file the service reads; null: the service is open. The keys never appear in the manifests.
    /// </summary>
    public string? ApiKeySecret { get; init; }

    /// <summary>Problems with the values, each naming the parameter and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!DnsLabel().IsMatch(App))
            problems.Add($"App '{App}' is not a DNS label: use lowercase letters, digits and '-', at most 63 characters.");
        if (!DnsLabel().IsMatch(Environment))
            problems.Add($"Environment '{Environment}' is not a DNS label: use lowercase letters, digits and '-', e.g. 'staging'.");
        if (!DnsLabel().IsMatch(ResolvedNamespace))
            problems.Add($"Namespace '{ResolvedNamespace}' is not a DNS label: use lowercase letters, digits and '-', at most 63 characters.");
        if (string.IsNullOrWhiteSpace(Image))
            problems.Add("Image is empty; pass the pushed image (registry/name@sha256:...).");
        if (Replicas < 1)
            problems.Add($"Replicas {Replicas} must be at least 1.");
        if (MaxReplicas < Replicas)
            problems.Add($"MaxReplicas {MaxReplicas} must be at least Replicas ({Replicas}).");
        if (TargetCpuUtilization is < 1 or > 100)
            problems.Add($"TargetCpuUtilization {TargetCpuUtilization} must be a percentage in 1–100, e.g. 70.");
        if (Strategy == DeploymentStrategy.Canary)
        {
            if (CanarySteps.Count == 0 || CanarySteps[^1] != 100 || CanarySteps.Any(s => s is < 1 or > 100) || CanarySteps.Zip(CanarySteps.Skip(1)).Any(p => p.First >= p.Second))
                problems.Add($"CanarySteps [{string.Join(", ", CanarySteps)}] must rise strictly from 1–99 and end at 100, e.g. --canary-steps 10 50 100.");
            if (StepDuration < TimeSpan.FromSeconds(1))
                problems.Add($"StepDuration {StepDuration} must be at least one second.");
        }

        if (GateTimeout < TimeSpan.FromSeconds(10))
            problems.Add($"GateTimeout {GateTimeout} must be at least 10 seconds: it is the startup probe's budget for loading the models.");
        if (DrainGrace < TimeSpan.Zero || PreStopDelay < TimeSpan.Zero)
            problems.Add("DrainGrace and PreStopDelay must not be negative.");
        if (ApiKeySecret is { } secret && !DnsSubdomain().IsMatch(secret))
            problems.Add($"ApiKeySecret '{secret}' is not a valid Secret name: use lowercase letters, digits, '-' and '.'.");
        problems.AddRange(Analysis.Problems());
        return problems;
    }

    /// <summary>Whole seconds, at least one (probe and grace fields are integers).</summary>
    internal static int Seconds(TimeSpan value) => (int)Math.Max(1, Math.Ceiling(value.TotalSeconds));

    internal static string Duration(TimeSpan value) => Seconds(value).ToString(CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
