namespace Slipway.Delivery.Reporting.Model;

/// <summary>Rates are 0–1 and null when there is nothing to cover (no lines, no branches).</summary>
public sealed record ProjectCoverage(
    string Name,
    double? LineRate,
    double? BranchRate,
    int LinesCovered,
    int LinesValid,
    int BranchesCovered,
    int BranchesValid);
