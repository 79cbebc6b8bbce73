namespace Slipway.Delivery.Reporting.Model;

/// <summary>Line and branch coverage per covered project (Cobertura package), merged over every coverage file.</summary>
public sealed record CoverageSection : ReportSection
{
    public double? LineRate { get; init; }
    public double? BranchRate { get; init; }
    public int LinesCovered { get; init; }
    public int LinesValid { get; init; }
    public int BranchesCovered { get; init; }
    public int BranchesValid { get; init; }
    public IReadOnlyList<ProjectCoverage> Projects { get; init; } = [];
}
