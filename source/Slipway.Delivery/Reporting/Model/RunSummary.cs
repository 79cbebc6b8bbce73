namespace Slipway.Delivery.Reporting.Model;

/// <summary>One line of the run history (<c>.nuke/history/runs.jsonl</c>): what a later report needs to draw trends.</summary>
public sealed record RunSummary
{
    public required DateTimeOffset StartedAt { get; init; }
    public double? DurationMs { get; init; }
    public string? Commit { get; init; }
    public required string Outcome { get; init; }
    public IReadOnlyList<string> RequestedTargets { get; init; } = [];
    public StageTimes Stages { get; init; } = StageTimes.None;
    public int? TestsTotal { get; init; }
    public int? TestsFailed { get; init; }
    public double? LineRate { get; init; }
    public string? DeployOutcome { get; init; }
    public double? LatencyP95Ms { get; init; }
}
