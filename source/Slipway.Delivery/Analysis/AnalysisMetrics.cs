namespace Slipway.Delivery.Analysis;

/// <summary>
/// The metrics an <see cref="AnalysisDefinition"/> reads: a request counter with an HTTP status label and a latency
/// histogram. On one engine they are the edge's (what clients see, every colour); on Kubernetes, where no Slipway edge
/// stands in front of the pods, they are the service's own, scraped from each pod.
/// </summary>
/// <param name="Requests">Counter of answers, by <paramref name="StatusLabel"/>.</param>
/// <param name="Duration">Histogram of request time in seconds (the <c>_bucket</c> series is queried).</param>
/// <param name="StatusLabel">The label holding the HTTP status.</param>
public sealed record AnalysisMetrics(string Requests, string Duration, string StatusLabel)
{
    /// <summary>The edge's metrics (<see cref="EdgeMetrics"/>), by <c>colour</c> and <c>code</c>.</summary>
    public static AnalysisMetrics Edge { get; } = new(EdgeMetrics.Requests, EdgeMetrics.Duration, "code");

    /// <summary>
    /// The service's own metrics (<c>ServingMetrics</c> in the service, which this library does not reference: change both
    /// together), by <c>model</c>, <c>version</c> and <c>status</c>.
    /// </summary>
    public static AnalysisMetrics Service { get; } = new("slipway_inference_requests_total", "slipway_inference_request_duration_seconds", "status");
}
