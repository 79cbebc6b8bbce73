namespace Slipway.Delivery.Reporting.Model;

/// <summary>One target of the run: status (Succeeded, UpToDate, Failed, Skipped, NotRun, Aborted), start offset from the run's start and duration.</summary>
public sealed record TargetRun(
    string Name,
    string Status,
    DateTimeOffset? StartedAt,
    double? OffsetMs,
    double DurationMs,
    string? SkipReason,
    string? Error,
    string? Description);
