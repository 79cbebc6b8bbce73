namespace Slipway.Delivery.Reporting.Model;

/// <summary>Totals of every trx file, the failed tests with their messages and the slowest tests.</summary>
public sealed record TestsSection : ReportSection
{
    public int Total { get; init; }
    public int Passed { get; init; }
    public int Failed { get; init; }
    /// <summary>Tests not run: skipped, not executed, inconclusive.</summary>
    public int Skipped { get; init; }
    public double DurationMs { get; init; }
    public IReadOnlyList<TestProjectResult> Projects { get; init; } = [];
    public IReadOnlyList<FailedTest> Failures { get; init; } = [];
    public IReadOnlyList<TestTiming> Slowest { get; init; } = [];
}
