namespace Slipway.Delivery.Reporting.Model;

/// <summary>The latest deployment and the ones before it (newest first), from the ledger.</summary>
public sealed record DeploymentSection : ReportSection
{
    public DeploymentSummary? Latest { get; init; }
    public IReadOnlyList<DeploymentSummary> History { get; init; } = [];
}
