using k8s;
using k8s.Models;

namespace Slipway.Delivery.Deployment.Kubernetes;

/// <summary>
/// Renders one <see cref="KubernetesEnvironment"/> as typed Kubernetes objects: the Namespace, the workload (a Deployment,
/// or an Argo Rollout with its AnalysisTemplate for a canary), its Service, PodDisruptionBudget, HorizontalPodAutoscaler
/// and NetworkPolicy. The one source of the applied objects, the committed kustomize files and the Helm chart's defaults.
/// </summary>
public static class KubernetesManifests
{
    public const string HttpPort = "http";
    public const string GrpcPort = "grpc";
    public const int HttpContainerPort = 8080;
    public const int GrpcContainerPort = 8081;
    public const string ApiKeySecretKey = "api-keys";
    public const string ApiKeyDirectory = "/run/secrets/slipway";
    public const string ModelAnnotationPrefix = "models.slipway.org/";
    public const string FieldManager = "slipway";

    /// <summary>The Unix user and group the image runs as (<c>USER 1654:1654</c>).</summary>
    public const long ServiceUser = 1654;

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Render(KubernetesEnvironment environment)
    {
        var problems = environment.Problems();
        if (problems.Count > 0)
            throw new DeployRequestException(problems);

        var ns = environment.ResolvedNamespace;
        var labels = Labels(environment);
        var selector = Selector(environment);
        var objects = new List<IKubernetesObject<V1ObjectMeta>>
        {
            new V1Namespace
            {
                ApiVersion = "v1",
                Kind = V1Namespace.KubeKind,
                Metadata = new V1ObjectMeta
                {
                    Name = ns,
                    // the pods meet the restricted Pod Security Standard; the namespace enforces it
                    Labels = new Dictionary<string, string>(labels)
                    {
                        ["pod-security.kubernetes.io/enforce"] = "restricted",
                        ["pod-security.kubernetes.io/warn"] = "restricted",
                    },
                },
            },
        };

        var template = PodTemplate(environment, selector);
        var canary = environment.Strategy == DeploymentStrategy.Canary;
        if (canary)
        {
            objects.Add(Rollout(environment, labels, selector, template));
            objects.Add(CanaryAnalysisTemplate.Render(environment, labels));
        }
        else
        {
            objects.Add(Deployment(environment, labels, selector, template));
        }

        objects.Add(new V1Service
        {
            ApiVersion = "v1",
            Kind = V1Service.KubeKind,
            Metadata = Meta(environment, labels),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = selector,
                Ports =
                [
                    new V1ServicePort { Name = HttpPort, Port = 80, TargetPort = HttpPort, Protocol = "TCP", AppProtocol = "http" },
                    // gRPC is HTTP/2 without TLS inside the cluster: appProtocol tells gateways and meshes to speak h2c
                    new V1ServicePort { Name = GrpcPort, Port = GrpcContainerPort, TargetPort = GrpcPort, Protocol = "TCP", AppProtocol = "kubernetes.io/h2c" },
                ],
            },
        });
        objects.Add(new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = V1PodDisruptionBudget.KubeKind,
            Metadata = Meta(environment, labels),
            // a node drain evicts one pod at a time, each after its preStop delay and drain
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new V1LabelSelector { MatchLabels = selector } },
        });
        objects.Add(new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = V2HorizontalPodAutoscaler.KubeKind,
            Metadata = Meta(environment, labels),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = canary
                    ? new V2CrossVersionObjectReference { ApiVersion = $"{V1Alpha1Rollout.KubeGroup}/{V1Alpha1Rollout.KubeApiVersion}", Kind = V1Alpha1Rollout.KubeKind, Name = environment.App }
                    : new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = V1Deployment.KubeKind, Name = environment.App },
                MinReplicas = environment.Replicas,
                MaxReplicas = environment.MaxReplicas,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = environment.TargetCpuUtilization },
                        },
                    },
                ],
            },
        });
        objects.Add(new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = Meta(environment, labels),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = selector },
                PolicyTypes = ["Ingress", "Egress"],
                // clients (and Prometheus, on /metrics) reach the two ports; the service itself calls nothing, so no egress at all
                Ingress =
                [
                    new V1NetworkPolicyIngressRule
                    {
                        Ports =
                        [
                            new V1NetworkPolicyPort { Port = HttpPort, Protocol = "TCP" },
                            new V1NetworkPolicyPort { Port = GrpcPort, Protocol = "TCP" },
                        ],
                    },
                ],
                Egress = [],
            },
        });
        return objects;
    }

    /// <summary>The labels on every object: the app and who manages it (the namespace tells environments apart).</summary>
    public static Dictionary<string, string> Labels(KubernetesEnvironment environment) => new()
    {
        ["app.kubernetes.io/name"] = environment.App,
        ["app.kubernetes.io/component"] = "inference",
        ["app.kubernetes.io/managed-by"] = FieldManager,
    };

    /// <summary>The pods' selector; immutable on a Deployment once created, so it holds nothing that changes.</summary>
    public static Dictionary<string, string> Selector(KubernetesEnvironment environment) => new()
    {
        ["app.kubernetes.io/name"] = environment.App,
        ["app.kubernetes.io/component"] = "inference",
    };

    /// <summary>Startup probe period: the probe allows <see cref="KubernetesEnvironment.GateTimeout"/> in steps of it for loading and warming the models.</summary>
    public const int StartupProbePeriodSeconds = 5;

    private static V1ObjectMeta Meta(KubernetesEnvironment environment, IDictionary<string, string> labels) =>
        new() { Name = environment.App, NamespaceProperty = environment.ResolvedNamespace, Labels = new Dictionary<string, string>(labels) };

    private static V1Deployment Deployment(KubernetesEnvironment environment, IDictionary<string, string> labels, IDictionary<string, string> selector, V1PodTemplateSpec template) => new()
    {
        ApiVersion = "apps/v1",
        Kind = V1Deployment.KubeKind,
        Metadata = Meta(environment, labels),
        Spec = new V1DeploymentSpec
        {
            // no replicas: the HorizontalPodAutoscaler owns the count (minReplicas), so an apply never fights it
            Selector = new V1LabelSelector { MatchLabels = selector },
            Template = template,
            RevisionHistoryLimit = 5,
            ProgressDeadlineSeconds = ProgressDeadline(environment),
            // a new pod must be ready before an old one goes: capacity never drops during an update
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
            },
        },
    };

    private static V1Alpha1Rollout Rollout(KubernetesEnvironment environment, IDictionary<string, string> labels, IDictionary<string, string> selector, V1PodTemplateSpec template)
    {
        var steps = new List<CanaryStep>();
        foreach (var weight in environment.CanarySteps.Where(w => w < 100))
        {
            steps.Add(new CanaryStep { SetWeight = weight });
            steps.Add(new CanaryStep { Pause = new RolloutPause { Duration = KubernetesEnvironment.Duration(environment.StepDuration) } });
        }

        return new V1Alpha1Rollout
        {
            Metadata = Meta(environment, labels),
            Spec = new RolloutSpec
            {
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = template,
                RevisionHistoryLimit = 5,
                ProgressDeadlineSeconds = ProgressDeadline(environment),
                ProgressDeadlineAbort = true,
                Strategy = new RolloutStrategy
                {
                    Canary = new CanaryRolloutStrategy
                    {
                        MaxSurge = 1,
                        MaxUnavailable = 0,
                        Analysis = new RolloutAnalysisBackground
                        {
                            Templates = [new AnalysisTemplateReference { TemplateName = CanaryAnalysisTemplate.Name(environment) }],
                            Args =
                            [
                                new AnalysisRunArgument { Name = CanaryAnalysisTemplate.CanaryHash, ValueFrom = new ArgumentValueFrom { PodTemplateHashValue = "Latest" } },
                                new AnalysisRunArgument { Name = CanaryAnalysisTemplate.StableHash, ValueFrom = new ArgumentValueFrom { PodTemplateHashValue = "Stable" } },
                            ],
                        },
                        Steps = steps,
                    },
                },
            },
        };
    }

    private static int ProgressDeadline(KubernetesEnvironment environment) =>
        KubernetesEnvironment.Seconds(environment.GateTimeout) + KubernetesEnvironment.Seconds(environment.DrainGrace);

    private static V1PodTemplateSpec PodTemplate(KubernetesEnvironment environment, IDictionary<string, string> selector)
    {
        var annotations = new Dictionary<string, string>();
        foreach (var model in environment.Models)
        {
            annotations[ModelAnnotationPrefix + model.Name] = $"{model.Version} {model.Sha256}".Trim();
        }

        var environmentVariables = new List<V1EnvVar>
        {
            // the image listens on loopback (one engine, host network); a pod is reached on its own address
            new() { Name = "ASPNETCORE_URLS", Value = $"http://0.0.0.0:{HttpContainerPort}" },
            new() { Name = "Serving__GrpcUrl", Value = $"http://0.0.0.0:{GrpcContainerPort}" },
            // no diagnostics IPC socket in /tmp: the root filesystem is read-only
            new() { Name = "DOTNET_EnableDiagnostics", Value = "0" },
        };
        var volumes = new List<V1Volume> { new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("64Mi") } } };
        var mounts = new List<V1VolumeMount> { new() { Name = "tmp", MountPath = "/tmp" } };
        if (environment.ApiKeySecret is { } secret)
        {
            environmentVariables.Add(new V1EnvVar { Name = "Serving__Auth__ApiKeyFile", Value = $"{ApiKeyDirectory}/{ApiKeySecretKey}" });
            volumes.Add(new V1Volume
            {
                Name = "api-keys",
                Secret = new V1SecretVolumeSource { SecretName = secret, DefaultMode = 0x100 /* 0400 */, Items = [new V1KeyToPath { Key = ApiKeySecretKey, Path = ApiKeySecretKey }] },
            });
            mounts.Add(new V1VolumeMount { Name = "api-keys", MountPath = ApiKeyDirectory, ReadOnlyProperty = true });
        }

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(selector), Annotations = annotations.Count == 0 ? null : annotations },
            Spec = new V1PodSpec
            {
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                TerminationGracePeriodSeconds = KubernetesEnvironment.Seconds(environment.DrainGrace) + KubernetesEnvironment.Seconds(environment.PreStopDelay),
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = ServiceUser,
                    RunAsGroup = ServiceUser,
                    FsGroup = ServiceUser,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
                TopologySpreadConstraints =
                [
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = "kubernetes.io/hostname",
                        WhenUnsatisfiable = "ScheduleAnyway",
                        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(selector) },
                    },
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = "topology.kubernetes.io/zone",
                        WhenUnsatisfiable = "ScheduleAnyway",
                        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(selector) },
                    },
                ],
                Containers =
                [
                    new V1Container
                    {
                        Name = "service",
                        Image = environment.Image,
                        ImagePullPolicy = "IfNotPresent",
                        Ports =
                        [
                            new V1ContainerPort { Name = HttpPort, ContainerPort = HttpContainerPort, Protocol = "TCP" },
                            new V1ContainerPort { Name = GrpcPort, ContainerPort = GrpcContainerPort, Protocol = "TCP" },
                        ],
                        Env = environmentVariables,
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(environment.CpuRequest), ["memory"] = new(environment.MemoryRequest) },
                            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(environment.CpuLimit), ["memory"] = new(environment.MemoryLimit) },
                        },
                        // ready means every model is loaded and warm (/v2/health/ready), not just the process up
                        StartupProbe = new V1Probe
                        {
                            HttpGet = new V1HTTPGetAction { Path = "/v2/health/ready", Port = HttpPort },
                            PeriodSeconds = StartupProbePeriodSeconds,
                            TimeoutSeconds = 2,
                            FailureThreshold = Math.Max(1, (int)Math.Ceiling(environment.GateTimeout.TotalSeconds / StartupProbePeriodSeconds)),
                        },
                        ReadinessProbe = new V1Probe
                        {
                            HttpGet = new V1HTTPGetAction { Path = "/v2/health/ready", Port = HttpPort },
                            PeriodSeconds = 5,
                            TimeoutSeconds = 2,
                            FailureThreshold = 2,
                        },
                        LivenessProbe = new V1Probe
                        {
                            HttpGet = new V1HTTPGetAction { Path = "/v2/health/live", Port = HttpPort },
                            PeriodSeconds = 10,
                            TimeoutSeconds = 5,
                            FailureThreshold = 3,
                        },
                        // keep serving while the endpoints forget the pod, then SIGTERM lets Kestrel drain; the sleep action needs no shell
                        Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = KubernetesEnvironment.Seconds(environment.PreStopDelay) } } },
                        SecurityContext = new V1SecurityContext
                        {
                            AllowPrivilegeEscalation = false,
                            ReadOnlyRootFilesystem = true,
                            RunAsNonRoot = true,
                            Capabilities = new V1Capabilities { Drop = ["ALL"] },
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        VolumeMounts = mounts,
                    },
                ],
                Volumes = volumes,
            },
        };
    }

    /// <summary>The objects as one YAML stream (documents separated by <c>---</c>), in render order.</summary>
    public static string ToYaml(IEnumerable<object> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    /// <summary>Type map for <see cref="KubernetesYaml.LoadAllFromString"/>: the built-in kinds plus the Argo Rollouts ones.</summary>
    public static IDictionary<string, Type> TypeMap { get; } = new Dictionary<string, Type>
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["argoproj.io/v1alpha1/Rollout"] = typeof(V1Alpha1Rollout),
        ["argoproj.io/v1alpha1/AnalysisTemplate"] = typeof(V1Alpha1AnalysisTemplate),
    };
}
