namespace Slipway.Delivery.Reporting.Model;

/// <summary>The last runs' summaries (oldest first, the current run last) from the run history file.</summary>
public sealed record TrendSection : ReportSection
{
    public string? HistoryPath { get; init; }
    public IReadOnlyList<RunSummary> Runs { get; init; } = [];
}
