namespace Slipway.Delivery.Reporting.Model;

/// <summary>The alerts Alertmanager had firing when the report was built, oldest first; not available when none were given.</summary>
public sealed record AlertsSection : ReportSection
{
    public static readonly AlertsSection NotGiven = new() { Reason = "No firing alerts were given; the Report target passes the ones it reads from the environment's Alertmanager." };

    public IReadOnlyList<ReportAlert> Firing { get; init; } = [];
}
