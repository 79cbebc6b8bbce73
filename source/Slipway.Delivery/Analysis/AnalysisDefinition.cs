using System.Globalization;

namespace Slipway.Delivery.Analysis;

/// <summary>
/// What a healthy version looks like, as Prometheus queries and thresholds over the edge's metrics. One definition is
/// rendered for each place that judges a version: the canary and watch-window analysis (evaluated from C# against
/// Prometheus's HTTP API), the alert rules Prometheus keeps evaluating afterwards, and (later) an Argo Rollouts
/// AnalysisTemplate. Every query is parameterised by a label selector (the colour on one engine, the pod-template hash
/// on Kubernetes) and by the metrics it reads (<see cref="AnalysisMetrics.Edge"/> by default, the service's own on Kubernetes).
/// </summary>
public sealed record AnalysisDefinition
{
    /// <summary>Share of answers that are not 5xx (429s, the client being throttled, are counted apart and left out).</summary>
    public double MinSuccessRate { get; init; } = 0.99;

    /// <summary>Upper bound of the 99th percentile latency.</summary>
    public TimeSpan MaxP99 { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The candidate's p99 may be at most this many times the baseline's…</summary>
    public double MaxLatencyRatio { get; init; } = 1.5;

    /// <summary>…unless it is within this much of it: on a busy small machine two copies of one version differ by tens of milliseconds at p99 (measured 43 vs 102 ms); that is not a regression.</summary>
    public TimeSpan LatencyNoiseFloor { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Requests a version must have answered in the window before a verdict.</summary>
    public int MinRequests { get; init; } = 20;

    /// <summary>How often the analysis asks Prometheus during a step.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a step may wait for <see cref="MinRequests"/> before the analysis is inconclusive (the deploy fails safe).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Problems with the values, each naming the parameter and a valid example; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinSuccessRate is <= 0 or > 1 || double.IsNaN(MinSuccessRate))
            problems.Add($"MinSuccessRate {MinSuccessRate.ToString(CultureInfo.InvariantCulture)} must be in (0, 1], e.g. 0.99.");
        if (MaxP99 <= TimeSpan.Zero)
            problems.Add($"MaxP99 {MaxP99} must be positive, e.g. 00:00:01.");
        if (MaxLatencyRatio < 1 || double.IsNaN(MaxLatencyRatio))
            problems.Add($"MaxLatencyRatio {MaxLatencyRatio.ToString(CultureInfo.InvariantCulture)} must be at least 1, e.g. 1.5.");
        if (LatencyNoiseFloor < TimeSpan.Zero)
            problems.Add($"LatencyNoiseFloor {LatencyNoiseFloor} must not be negative, e.g. 00:00:00.100.");
        if (MinRequests < 1)
            problems.Add($"MinRequests {MinRequests} must be at least 1, e.g. 20.");
        if (Interval <= TimeSpan.Zero)
            problems.Add($"Interval {Interval} must be positive, e.g. 00:00:01.");
        if (Timeout <= TimeSpan.Zero)
            problems.Add($"Timeout {Timeout} must be positive, e.g. 00:01:00.");
        return problems;
    }

    /// <summary>Answers counted in the window (429s left out).</summary>
    public static string RequestsQuery(string selector, TimeSpan window, AnalysisMetrics? metrics = null) =>
        Count(selector, window, metrics ?? AnalysisMetrics.Edge, "!=\"429\"");

    /// <summary>Answers that were 5xx in the window.</summary>
    public static string ErrorsQuery(string selector, TimeSpan window, AnalysisMetrics? metrics = null) =>
        Count(selector, window, metrics ?? AnalysisMetrics.Edge, "=~\"5..\"");

    /// <summary>429 answers in the window (reported, not judged).</summary>
    public static string ThrottledQuery(string selector, TimeSpan window, AnalysisMetrics? metrics = null) =>
        Count(selector, window, metrics ?? AnalysisMetrics.Edge, "=\"429\"");

    /// <summary>Non-5xx share of the non-429 answers in the window.</summary>
    public static string SuccessRateQuery(string selector, TimeSpan window, AnalysisMetrics? metrics = null) =>
        $"1 - ({ErrorsQuery(selector, window, metrics)} or vector(0)) / {RequestsQuery(selector, window, metrics)}";

    /// <summary>99th percentile of the request time in the window, seconds.</summary>
    public static string P99Query(string selector, TimeSpan window, AnalysisMetrics? metrics = null) =>
        $"histogram_quantile(0.99, sum by (le) (increase({(metrics ?? AnalysisMetrics.Edge).Duration}_bucket{{{selector}}}[{Range(window)}])))";

    /// <summary>The p99 bound for a candidate given the baseline's p99 (null when the baseline has none): the smaller of the absolute bound and the relative one.</summary>
    public TimeSpan P99Bound(TimeSpan? baselineP99)
    {
        if (baselineP99 is not { } baseline)
            return MaxP99;
        var relative = TimeSpan.FromTicks(Math.Max((long)(baseline.Ticks * MaxLatencyRatio), (baseline + LatencyNoiseFloor).Ticks));
        return relative < MaxP99 ? relative : MaxP99;
    }

    /// <summary>A PromQL range in whole seconds (at least 2 s, so two 1 s scrapes fall in it).</summary>
    public static string Range(TimeSpan window) =>
        ((int)Math.Max(2, Math.Ceiling(window.TotalSeconds))).ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary>The selector for one colour.</summary>
    public static string ColourSelector(string colour) => $"colour=\"{colour}\"";

    private static string Count(string selector, TimeSpan window, AnalysisMetrics metrics, string status) =>
        $"sum(increase({metrics.Requests}{{{Join(selector, metrics.StatusLabel + status)}}}[{Range(window)}]))";

    private static string Join(string selector, string extra) => string.IsNullOrEmpty(selector) ? extra : selector + "," + extra;
}
