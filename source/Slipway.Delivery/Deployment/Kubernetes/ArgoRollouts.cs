using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Slipway.Delivery.Deployment.Kubernetes;

// The Argo Rollouts objects Slipway renders (argoproj.io/v1alpha1), with only the fields it sets or reads. KubernetesClient
// has no models for them; these serialise with its JSON and YAML settings like the built-in ones, and the tests check them
// against the Argo Rollouts schema (@kubernetes-models/argo-rollouts).

/// <summary>An Argo Rollouts <c>Rollout</c>: a Deployment whose update moves through canary steps judged by analysis.</summary>
public sealed class V1Alpha1Rollout : IKubernetesObject<V1ObjectMeta>, ISpec<RolloutSpec>
{
    public const string KubeGroup = "argoproj.io";
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "Rollout";
    public const string KubePluralName = "rollouts";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")] public RolloutSpec Spec { get; set; } = new();

    [JsonPropertyName("status")] public RolloutStatus? Status { get; set; }
}

public sealed class RolloutSpec
{
    [JsonPropertyName("replicas")] public int? Replicas { get; set; }

    [JsonPropertyName("selector")] public V1LabelSelector Selector { get; set; } = new();

    [JsonPropertyName("template")] public V1PodTemplateSpec Template { get; set; } = new();

    [JsonPropertyName("revisionHistoryLimit")] public int? RevisionHistoryLimit { get; set; }

    [JsonPropertyName("progressDeadlineSeconds")] public int? ProgressDeadlineSeconds { get; set; }

    /// <summary>Abort (back to the stable version) when the progress deadline passes, as a failed Deployment rolls back.</summary>
    [JsonPropertyName("progressDeadlineAbort")] public bool? ProgressDeadlineAbort { get; set; }

    [JsonPropertyName("strategy")] public RolloutStrategy Strategy { get; set; } = new();
}

public sealed class RolloutStrategy
{
    [JsonPropertyName("canary")] public CanaryRolloutStrategy? Canary { get; set; }
}

public sealed class CanaryRolloutStrategy
{
    [JsonPropertyName("maxSurge")] public IntOrString? MaxSurge { get; set; }

    [JsonPropertyName("maxUnavailable")] public IntOrString? MaxUnavailable { get; set; }

    [JsonPropertyName("analysis")] public RolloutAnalysisBackground? Analysis { get; set; }

    [JsonPropertyName("steps")] public IList<CanaryStep> Steps { get; set; } = [];
}

public sealed class CanaryStep
{
    [JsonPropertyName("setWeight")] public int? SetWeight { get; set; }

    [JsonPropertyName("pause")] public RolloutPause? Pause { get; set; }
}

public sealed class RolloutPause
{
    /// <summary>A duration such as <c>60s</c>; no duration pauses until promoted by hand.</summary>
    [JsonPropertyName("duration")] public string? Duration { get; set; }
}

/// <summary>Analysis that runs in the background through the steps and aborts the rollout when it fails.</summary>
public sealed class RolloutAnalysisBackground
{
    [JsonPropertyName("templates")] public IList<AnalysisTemplateReference> Templates { get; set; } = [];

    [JsonPropertyName("args")] public IList<AnalysisRunArgument> Args { get; set; } = [];
}

public sealed class AnalysisTemplateReference
{
    [JsonPropertyName("templateName")] public string TemplateName { get; set; } = "";
}

public sealed class AnalysisRunArgument
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("valueFrom")] public ArgumentValueFrom? ValueFrom { get; set; }
}

public sealed class ArgumentValueFrom
{
    /// <summary><c>Stable</c> or <c>Latest</c>: the pod-template hash of the stable or of the newest ReplicaSet.</summary>
    [JsonPropertyName("podTemplateHashValue")] public string? PodTemplateHashValue { get; set; }
}

/// <summary>What the Rollout controller reports; read while waiting on a rollout.</summary>
public sealed class RolloutStatus
{
    /// <summary><c>Progressing</c>, <c>Paused</c>, <c>Healthy</c> or <c>Degraded</c>.</summary>
    [JsonPropertyName("phase")] public string? Phase { get; set; }

    [JsonPropertyName("message")] public string? Message { get; set; }

    [JsonPropertyName("observedGeneration")] public string? ObservedGeneration { get; set; }

    [JsonPropertyName("currentPodHash")] public string? CurrentPodHash { get; set; }

    [JsonPropertyName("stableRS")] public string? StableRS { get; set; }

    [JsonPropertyName("abort")] public bool? Abort { get; set; }
}

/// <summary>An Argo Rollouts <c>AnalysisTemplate</c>: the Prometheus queries and thresholds a canary is judged by.</summary>
public sealed class V1Alpha1AnalysisTemplate : IKubernetesObject<V1ObjectMeta>, ISpec<AnalysisTemplateSpec>
{
    public const string KubeGroup = "argoproj.io";
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "AnalysisTemplate";
    public const string KubePluralName = "analysistemplates";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")] public AnalysisTemplateSpec Spec { get; set; } = new();
}

public sealed class AnalysisTemplateSpec
{
    [JsonPropertyName("args")] public IList<AnalysisArgument> Args { get; set; } = [];

    [JsonPropertyName("metrics")] public IList<AnalysisMetric> Metrics { get; set; } = [];
}

public sealed class AnalysisArgument
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

public sealed class AnalysisMetric
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("interval")] public string? Interval { get; set; }

    [JsonPropertyName("successCondition")] public string? SuccessCondition { get; set; }

    [JsonPropertyName("failureCondition")] public string? FailureCondition { get; set; }

    [JsonPropertyName("failureLimit")] public int? FailureLimit { get; set; }

    [JsonPropertyName("inconclusiveLimit")] public int? InconclusiveLimit { get; set; }

    [JsonPropertyName("provider")] public AnalysisProvider Provider { get; set; } = new();
}

public sealed class AnalysisProvider
{
    [JsonPropertyName("prometheus")] public PrometheusProvider? Prometheus { get; set; }
}

public sealed class PrometheusProvider
{
    [JsonPropertyName("address")] public string Address { get; set; } = "";

    [JsonPropertyName("query")] public string Query { get; set; } = "";
}
