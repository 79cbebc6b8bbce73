namespace Slipway.Delivery.Deployment.Strategies;

/// <summary>How a strategy ended: promoted, or rolled back (all traffic on the baseline again) and why.</summary>
internal sealed record StrategyResult(bool IsPromoted, string? Reason)
{
    public static StrategyResult Promoted { get; } = new(true, null);

    public static StrategyResult RolledBack(string reason) => new(false, reason);
}
