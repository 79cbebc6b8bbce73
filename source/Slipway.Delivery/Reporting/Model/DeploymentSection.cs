namespace Slipway.Delivery.Reporting.Model;

/// <summary>The latest deployment and the ones before it (newest first), from the ledger.</summary>
public sealed record DeploymentSection : ReportSection
{
    public DeploymentSummary? Latest { get; init; }
    public IReadOnlyList<DeploymentSummary> History { get; init; } = [];
    /// <summary>The traffic moves, analysis and probes of the latest deploy; null when it recorded none.</summary>
    public RolloutReport? Rollout { get; init; }
    /// <summary>The ledger's hash chain; null when there is no ledger.</summary>
    public LedgerChainReport? Chain { get; init; }
}
