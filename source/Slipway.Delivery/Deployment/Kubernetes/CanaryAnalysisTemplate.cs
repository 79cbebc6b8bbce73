using System.Globalization;
using k8s.Models;
using Slipway.Delivery.Analysis;

namespace Slipway.Delivery.Deployment.Kubernetes;

/// <summary>
/// The Argo Rollouts <c>AnalysisTemplate</c> of a Kubernetes canary, rendered from the same <see cref="AnalysisDefinition"/>
/// the engine canary evaluates: the same queries and thresholds, with the selector being the pod-template hash (the
/// <c>rollouts-pod-template-hash</c> pod label, <c>rollouts_pod_template_hash</c> once Prometheus's Kubernetes discovery maps
/// pod labels) instead of the colour, over the service's own metrics (<see cref="AnalysisMetrics.Service"/>).
/// </summary>
public static class CanaryAnalysisTemplate
{
    public const string CanaryHash = "canary-hash";
    public const string StableHash = "stable-hash";

    public static string Name(KubernetesEnvironment environment) => $"{environment.App}-canary";

    /// <summary>The selector of one pod-template hash argument, e.g. <c>namespace="slipway-production",rollouts_pod_template_hash="{{args.canary-hash}}"</c>.</summary>
    public static string Selector(KubernetesEnvironment environment, string argument) =>
        $"namespace=\"{environment.ResolvedNamespace}\",rollouts_pod_template_hash=\"{{{{args.{argument}}}}}\"";

    public static V1Alpha1AnalysisTemplate Render(KubernetesEnvironment environment, IDictionary<string, string> labels)
    {
        var analysis = environment.Analysis;
        var window = environment.StepDuration;
        var metrics = AnalysisMetrics.Service;
        var canary = Selector(environment, CanaryHash);
        var stable = Selector(environment, StableHash);
        var interval = KubernetesEnvironment.Duration(window);

        // The engine's relative p99 bound (ratio × baseline, at least baseline + noise floor, at most MaxP99) in PromQL:
        // the candidate's p99 minus that bound must not be positive; NaN (no baseline traffic) leaves the absolute bound.
        var baseline = $"scalar({AnalysisDefinition.P99Query(stable, window, metrics)})";
        var bound = $"clamp_max(clamp_min(vector({baseline} * {Number(analysis.MaxLatencyRatio)}), {baseline} + {Number(analysis.LatencyNoiseFloor.TotalSeconds)}), {Number(analysis.MaxP99.TotalSeconds)})";
        var overBaseline = $"vector(scalar({AnalysisDefinition.P99Query(canary, window, metrics)}) - scalar({bound}))";

        return new V1Alpha1AnalysisTemplate
        {
            Metadata = new V1ObjectMeta { Name = Name(environment), NamespaceProperty = environment.ResolvedNamespace, Labels = labels },
            Spec = new AnalysisTemplateSpec
            {
                Args = [new AnalysisArgument { Name = CanaryHash }, new AnalysisArgument { Name = StableHash }],
                Metrics =
                [
                    // too few answers is inconclusive (neither condition holds), as on the engine: the rollout pauses rather than judging noise
                    Metric("requests", interval, AnalysisDefinition.RequestsQuery(canary, window, metrics),
                        $"result[0] >= {Number(analysis.MinRequests)}", "false", environment),
                    Metric("success-rate", interval, AnalysisDefinition.SuccessRateQuery(canary, window, metrics),
                        $"isNaN(result[0]) || result[0] >= {Number(analysis.MinSuccessRate)}", null, environment),
                    Metric("p99", interval, AnalysisDefinition.P99Query(canary, window, metrics),
                        $"isNaN(result[0]) || result[0] <= {Number(analysis.MaxP99.TotalSeconds)}", null, environment),
                    Metric("p99-against-stable", interval, overBaseline,
                        "isNaN(result[0]) || result[0] <= 0", null, environment),
                ],
            },
        };
    }

    private static AnalysisMetric Metric(string name, string interval, string query, string success, string? failure, KubernetesEnvironment environment) => new()
    {
        Name = name,
        Interval = interval,
        SuccessCondition = success,
        FailureCondition = failure,
        FailureLimit = 0,
        InconclusiveLimit = failure is null ? null : Math.Max(1, (int)Math.Ceiling(environment.Analysis.Timeout / environment.StepDuration)),
        Provider = new AnalysisProvider { Prometheus = new PrometheusProvider { Address = environment.PrometheusAddress, Query = query } },
    };

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
