using System.Globalization;
using Prometheus;

namespace Slipway.Serving.Observability;

/// <summary>The service's Prometheus metrics, named in the style of Triton and BentoML.</summary>
public static class ServingMetrics
{
    private static readonly string[] ModelLabels = ["model", "version"];

    /// <summary>
    /// Latency bucket bounds (seconds), about 1.25× apart from 1 ms up, so p99 values 1.5× apart always fall in
    /// different buckets. The same rule as Slipway.Delivery's <c>EdgeMetrics.LatencyBuckets</c> (the edge's histogram),
    /// copied because the service does not reference the delivery code: change both together.
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = Buckets();

    public static readonly Counter Requests = Metrics.CreateCounter(
        "slipway_inference_requests_total",
        "Inference requests by model, version and HTTP status.",
        new CounterConfiguration { LabelNames = ["model", "version", "status"] });

    public static readonly Counter Failures = Metrics.CreateCounter(
        "slipway_inference_failures_total",
        "Inference requests that did not succeed, by model, version and reason.",
        new CounterConfiguration { LabelNames = ["model", "version", "reason"] });

    public static readonly Histogram RequestDuration = Metrics.CreateHistogram(
        "slipway_inference_request_duration_seconds",
        "Time from reading an inference request to writing its response.",
        new HistogramConfiguration { LabelNames = ModelLabels, Buckets = [.. LatencyBuckets] });

    public static readonly Gauge InFlight = Metrics.CreateGauge(
        "slipway_http_requests_in_flight",
        "HTTP requests being served right now.");

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "slipway_inference_queue_depth",
        "Requests waiting in a model's batching queue.",
        new GaugeConfiguration { LabelNames = ModelLabels });

    public static readonly Histogram BatchSize = Metrics.CreateHistogram(
        "slipway_inference_batch_size",
        "Rows per model run after dynamic batching.",
        new HistogramConfiguration { LabelNames = ModelLabels, Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    public static readonly Gauge ModelLoadDuration = Metrics.CreateGauge(
        "slipway_model_load_duration_seconds",
        "Time to verify, load and warm up a model version.",
        new GaugeConfiguration { LabelNames = ModelLabels });

    public static readonly Gauge ModelReady = Metrics.CreateGauge(
        "slipway_model_ready",
        "1 when a model version is loaded and warmed up, else 0.",
        new GaugeConfiguration { LabelNames = ModelLabels });

    private static double[] Buckets()
    {
        var bounds = new List<double>();
        for (var bound = 0.001; bound < 30.5; bound *= 1.25)
        {
            // three significant digits keep the le labels readable (0.00125, 0.00156, …)
            bounds.Add(double.Parse(bound.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        return [.. bounds.Distinct()];
    }
}
