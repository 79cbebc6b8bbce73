using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Reporting.Model;

/// <summary>
/// One ledger entry as the report shows it. <see cref="TimeToHealthyMs"/> is the start and healthy phases together;
/// <see cref="SwitchMs"/> the edge switch; <see cref="Reason"/> says why a deployment failed or was rolled back.
/// </summary>
public sealed record DeploymentSummary
{
    public required string Id { get; init; }
    public required string Environment { get; init; }
    public required string Action { get; init; }
    public required string Outcome { get; init; }
    public required string Who { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationMs { get; init; }
    public string? Commit { get; init; }
    /// <summary>The CI run or job that deployed.</summary>
    public string? RunUrl { get; init; }
    public DateTimeOffset? CommitTime { get; init; }
    public string? Version { get; init; }
    public string? ImageId { get; init; }
    public string? PreviousImageId { get; init; }
    public string? Reason { get; init; }
    public double? TimeToHealthyMs { get; init; }
    public double? SwitchMs { get; init; }
    public string? Backend { get; init; }
    public string? Colour { get; init; }
    public string? Endpoint { get; init; }
    /// <summary>blue-green | canary | rolling-update; null in entries written before the ledger recorded it.</summary>
    public string? Strategy { get; init; }
    public IReadOnlyDictionary<string, double> PhaseDurationsMs { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<ModelVersion> Models { get; init; } = [];
}
