namespace Slipway.Tooling.Records;

/// <summary>One target in <c>run.json</c>: its status, start, duration, and why it was skipped or how it failed.</summary>
public sealed record TargetDocument
{
    public required string Name { get; init; }
    public required TargetStatus Status { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public double DurationMs { get; init; }
    public string? SkipReason { get; init; }
    public string? Error { get; init; }
    public string? Description { get; init; }
}
