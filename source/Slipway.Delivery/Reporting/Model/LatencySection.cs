using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Reporting.Model;

/// <summary>The smoke test's latency sample (milliseconds).</summary>
public sealed record LatencySection : ReportSection
{
    public string? Endpoint { get; init; }
    public string? Model { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public int Requests { get; init; }
    public int Failures { get; init; }
    public int Concurrency { get; init; }
    public LatencyStatistics LatencyMs { get; init; } = LatencyStatistics.Empty;
    public IReadOnlyList<HistogramBucket> Histogram { get; init; } = [];
    public IReadOnlyList<SmokeFailure> FailureSamples { get; init; } = [];
}
