namespace Slipway.Delivery.Analysis;

/// <summary>The outcome of one analysis window: passed, failed (which metric, by how much) or inconclusive (why).</summary>
public sealed record AnalysisVerdict(string Outcome, string Message, IReadOnlyList<AnalysisCheck> Checks)
{
    public bool Passed => Outcome == AnalysisCheck.Pass;

    /// <summary>The candidate's p99 in the window (seconds), carried to the next window as the baseline's when the baseline gets no more traffic.</summary>
    public double? BaselineP99 { get; init; }
}
