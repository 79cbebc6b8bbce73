namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The metric names of <see cref="Analysis.AnalysisCheck.Metric"/>, as the analysis writes them to the ledger.</summary>
internal static class CheckMetric
{
    public const string Requests = "requests";
    public const string SuccessRate = "success-rate";
    public const string P99 = "p99";
}
