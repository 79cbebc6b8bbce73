namespace Slipway.Delivery.Analysis;

/// <summary>
/// One judged metric of one analysis (kept in the ledger): which window, which version, the query as sent to
/// Prometheus, the value it gave, the bound and the verdict.
/// </summary>
/// <param name="Phase">e.g. "step 10%" or "watch".</param>
/// <param name="Metric">"requests", "success-rate" or "p99".</param>
/// <param name="Comparison">"&gt;=" or "&lt;=": how <see cref="Value"/> must compare with <see cref="Threshold"/>.</param>
/// <param name="Verdict">"pass", "fail" or "inconclusive".</param>
public sealed record AnalysisCheck(
    DateTimeOffset At,
    string Phase,
    string Colour,
    string Metric,
    string Query,
    double? Value,
    string Comparison,
    double Threshold,
    string Verdict)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Inconclusive = "inconclusive";

    /// <summary>The baseline's value of the same metric in the same window, when there was one.</summary>
    public double? Baseline { get; init; }

    /// <summary>Answers with 429 in the window: counted apart, never judged.</summary>
    public double? Throttled { get; init; }
}
