using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting;

/// <summary>What <see cref="ReportGenerator.GenerateAsync"/> did.</summary>
public sealed record ReportResult(ReportModel Model, ReportFiles Files, bool HistoryRecorded, bool StepSummaryWritten, bool CommitStatusPublished);
