namespace Slipway.Delivery.Tests.Deployment;

/// <summary>Percentiles and a one-line description of a load run.</summary>
public static class LoadSummary
{
    public static double Percentile(IEnumerable<LoadSample> samples, double percentile)
    {
        var sorted = samples.Select(s => s.Latency.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Describe(IReadOnlyList<LoadSample> samples) =>
        $"{samples.Count} requests, {samples.Count(s => s.Failed)} failed" +
        (samples.Any(s => s.Failed) ? " (first: " + samples.First(s => s.Failed).Error + ")" : "") +
        $", colours {string.Join("/", samples.Where(s => s.Colour is not null).GroupBy(s => s.Colour).Select(g => $"{g.Key}={g.Count()}"))}" +
        $", p50 {Percentile(samples, 50):0.0} ms, p99 {Percentile(samples, 99):0.0} ms";
}
