namespace Slipway.Delivery.Reporting.Model;

/// <summary>
/// The four DORA metrics over the ledger entries whose start lies in [<see cref="WindowStart"/>, <see cref="WindowEnd"/>].
/// Rules: Reporting/README.md ("Delivery metrics").
/// </summary>
public sealed record DeliverySection : ReportSection
{
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public double WindowDays { get; init; }
    /// <summary>Finished deploy attempts: succeeded, failed or rolled back.</summary>
    public int Deployments { get; init; }
    public int SuccessfulDeployments { get; init; }
    public int FailedDeployments { get; init; }
    public double DeploymentFrequencyPerDay { get; init; }
    public double? LeadTimeMedianSeconds { get; init; }
    public int LeadTimeSamples { get; init; }
    public double? ChangeFailureRate { get; init; }
    public double? TimeToRestoreMedianSeconds { get; init; }
    public int RestoreSamples { get; init; }
    /// <summary>A failure with no later success in the window: the service has not been restored since.</summary>
    public bool UnrestoredFailure { get; init; }
}
