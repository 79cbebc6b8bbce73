using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Kubernetes;
using KubernetesFileSet = Slipway.Delivery.Deployment.Kubernetes.KubernetesFiles;

namespace Slipway.Pipeline;

partial class Build
{
    [Parameter("Kubernetes: the kubeconfig to apply with (else $KUBECONFIG, else in-cluster credentials; with none, Deploy --backend Kubernetes renders the manifests and applies nothing)")]
    AbsolutePath? Kubeconfig;

    [Parameter("Kubernetes: the kubeconfig context (default: its current context)")]
    string? KubeContext;

    [Parameter("Kubernetes: the namespace of the environment (default: <app>-<environment>)", Name = "Namespace")]
    string? KubernetesNamespace;

    [Parameter("Kubernetes: the Secret in the namespace that holds the API keys under the key 'api-keys' (mounted as a file; never inlined)")]
    string? ApiKeySecret;

    [Parameter("Kubernetes: the Prometheus the canary's AnalysisTemplate queries")]
    string PrometheusAddress = "http://prometheus-operated.monitoring.svc:9090";

    [Parameter("KubernetesFiles: exit 1 naming the committed files under deploy/ that are not what the build renders, instead of writing them")]
    bool CheckFresh;

    /// <summary>
    /// The environments whose kustomize overlays and Helm values are committed under deploy/ (the first is the base and the
    /// chart's defaults). Overlays differ only in namespace, replicas, strategy and resources.
    /// </summary>
    static readonly KubernetesEnvironment[] CommittedKubernetesEnvironments =
    [
        new() { App = App, Environment = "staging", ApiKeySecret = "slipway-api-keys" },
        new()
        {
            App = App, Environment = "production", ApiKeySecret = "slipway-api-keys",
            Strategy = DeploymentStrategy.Canary, Replicas = 3, MaxReplicas = 10,
            CpuRequest = "1", MemoryRequest = "1536Mi", CpuLimit = "3", MemoryLimit = "3Gi",
        },
    ];

    Target KubernetesFiles => _ => _
        .Description("Writes deploy/kubernetes (kustomize base, canary component, an overlay per environment) and the Helm chart deploy/helm/slipway from the build's Kubernetes environments; --check-fresh only checks them")
        .Executes(async cancellationToken =>
        {
            if (CheckFresh)
            {
                var stale = KubernetesFileSet.Check(RootDirectory, CommittedKubernetesEnvironments);
                if (stale.Count > 0)
                    throw new InvalidOperationException($"These files under deploy/ are not what the build renders: {string.Join(", ", stale)}. Run ./build.sh KubernetesFiles and commit deploy/.");
                Log.Information("deploy/kubernetes and deploy/helm/slipway are what the build renders");
                return;
            }

            var changed = await KubernetesFileSet.WriteAsync(RootDirectory, CommittedKubernetesEnvironments, cancellationToken);
            Log.Information(changed.Count == 0 ? "deploy/ is up to date" : "Wrote {Files}", string.Join(", ", changed));
        });

    /// <summary>The environment to deploy, from the deploy parameters.</summary>
    KubernetesEnvironment KubernetesEnvironmentFor(string image, IReadOnlyList<ModelVersion> models) => new()
    {
        App = App,
        Environment = DeployEnvironment,
        Namespace = KubernetesNamespace,
        Image = image,
        Replicas = Replicas,
        MaxReplicas = Math.Max(Replicas, Replicas * 3),
        Strategy = Strategy,
        CanarySteps = CanarySteps,
        StepDuration = StepDuration,
        Analysis = new Slipway.Delivery.Analysis.AnalysisDefinition
        {
            MinSuccessRate = MinSuccessRate,
            MaxP99 = MaxP99,
            MaxLatencyRatio = MaxLatencyRatio,
            LatencyNoiseFloor = LatencyNoiseFloor,
            MinRequests = MinRequests,
            Timeout = AnalysisTimeout,
        },
        PrometheusAddress = PrometheusAddress,
        GateTimeout = GateTimeout,
        DrainGrace = DrainGrace,
        Models = models,
        ApiKeySecret = ApiKeySecret,
    };
}
