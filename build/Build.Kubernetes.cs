using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Kubernetes;
using Slipway.Delivery.Images;
using KubernetesFileSet = Slipway.Delivery.Deployment.Kubernetes.KubernetesFiles;

namespace Slipway.Pipeline;

partial class Build
{
    [Parameter("Kubernetes: the kubeconfig to apply with (else $KUBECONFIG, else in-cluster credentials; with none, Deploy --backend Kubernetes renders the manifests and applies nothing)")]
    AbsolutePath? Kubeconfig;

    [Parameter("Kubernetes: the kubeconfig's content, e.g. from a CI secret; written to a file readable only by this user for the deploy and deleted after"), Secret]
    string? KubeconfigData;

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

    /// <summary>The environment to deploy, from the deploy request the other backends get (one place builds the analysis).</summary>
    KubernetesEnvironment KubernetesEnvironmentFor(string image, DeployRequest request) => new()
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
        Analysis = request.Analysis,
        PrometheusAddress = PrometheusAddress,
        GateTimeout = GateTimeout,
        DrainGrace = DrainGrace,
        Models = request.Models,
        ApiKeySecret = ApiKeySecret,
    };

    /// <summary>
    /// Deploy --backend Kubernetes: renders the environment to artifacts/kubernetes/&lt;environment&gt; (the manifests and the
    /// environment's kustomize overlay and chart); with a kubeconfig (--kubeconfig, $KUBECONFIG or in-cluster) it pushes the
    /// image to --registry and applies the manifests by digest, waits for the rollout and rolls back when it fails.
    /// </summary>
    async Task DeployToKubernetesAsync(ContainerImageResult image, CancellationToken cancellationToken)
    {
        var kubeconfig = Kubeconfig?.ToString();
        string? written = null;
        if (kubeconfig is null && !string.IsNullOrWhiteSpace(KubeconfigData))
        {
            Directory.CreateDirectory(TemporaryDirectory);
            written = kubeconfig = TemporaryDirectory / $"kubeconfig-{Guid.NewGuid():N}";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // created 0600, never wider
            await using (var file = new FileStream(written, options))
            await using (var writer = new StreamWriter(file))
                await writer.WriteAsync(KubeconfigData);
        }

        try
        {
            await DeployToKubernetesAsync(image, kubeconfig, cancellationToken);
        }
        finally
        {
            if (written is not null)
                File.Delete(written);
        }
    }

    async Task DeployToKubernetesAsync(ContainerImageResult image, string? kubeconfig, CancellationToken cancellationToken)
    {
        var connection = KubernetesConnection.Resolve(kubeconfig, KubeContext, Environment.GetEnvironmentVariable);
        if (connection is not null && string.IsNullOrWhiteSpace(Registry))
        {
            throw new DeployRequestException([$"Applying to the cluster at {connection.Server} needs --registry: a cluster cannot see this machine's images. " +
                                              "Pass --registry host[:port] (with --registry-user and the secret --registry-password when it needs them); Deploy pushes and applies the digest from push.json."]);
        }

        var request = await DeployRequestAsync(cancellationToken);
        var reference = connection is null
            ? image.References.First()
            : (await PushImageAsync(cancellationToken)).First().PinnedReference;
        var environment = KubernetesEnvironmentFor(reference, request);
        var objects = KubernetesManifests.Render(environment);
        var output = ArtifactsDirectory / "kubernetes" / DeployEnvironment;
        var manifests = output / "manifests.yaml";
        var yaml = KubernetesManifests.ToYaml(objects);
        // what is written must load back strictly: no field the API server would reject as unknown
        k8s.KubernetesYaml.LoadAllFromString(yaml, KubernetesManifests.TypeMap, strict: true);
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(manifests, yaml, cancellationToken);
        await KubernetesFileSet.WriteAsync(output, [environment], cancellationToken);
        Log.Information("Rendered {Count} objects of {Environment} ({Kinds}) to {Manifests}, and its kustomize overlay and Helm chart under {Output}",
            objects.Count, DeployEnvironment, string.Join(", ", objects.Select(o => o.Kind)), manifests, output / "deploy");
        Host.SetOutput("manifests", manifests);
        if (connection is null)
        {
            Log.Information("No kubeconfig (--kubeconfig, KUBECONFIG or in-cluster credentials): nothing applied. To apply, push the image and pin its digest:");
            Log.Information("  ./build.sh Deploy --backend Kubernetes --environment {Environment} --registry <host:port> --kubeconfig <file>", DeployEnvironment);
            Log.Information("  or: kubectl apply --server-side --field-manager={Manager} -f {Manifests} (after replacing the image {Image} by its registry digest)",
                KubernetesManifests.FieldManager, manifests, reference);
            Log.Information("  or: helm upgrade --install {App} {Chart} -n {Namespace} --create-namespace --set image=<registry>/{App}@sha256:<digest>",
                App, output / KubernetesFileSet.ChartDirectory, environment.ResolvedNamespace, App);
            return;
        }

        Log.Information("Applying to {Server} ({Source})", connection.Server, connection.Source);
        var result = await KubernetesDeployer.Connect(connection, Log.Logger).DeployAsync(request, environment, cancellationToken);
        Log.Information("{Message}", result.Message);
        Host.SetOutput("endpoint", result.Endpoint);
    }
}
