namespace Slipway.Delivery.Monitoring;

/// <summary>One active scrape target as Prometheus reports it.</summary>
/// <param name="Health"><c>up</c>, <c>down</c> or <c>unknown</c> (not scraped yet).</param>
/// <param name="LastError">Why the last scrape failed; null when it did not.</param>
public sealed record PrometheusTarget(
    string ScrapePool, string ScrapeUrl, IReadOnlyDictionary<string, string> Labels, string Health, string? LastError, DateTimeOffset? LastScrape)
{
    public bool IsUp => Health == "up";
}
