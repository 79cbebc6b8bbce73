namespace Slipway.Delivery.Smoke;

/// <summary>Latency figures in milliseconds; all zero when no request succeeded.</summary>
public sealed record LatencyStatistics(double Min, double Mean, double P50, double P95, double P99, double Max)
{
    public static readonly LatencyStatistics Empty = new(0, 0, 0, 0, 0, 0);

    public static LatencyStatistics From(IReadOnlyCollection<double> latenciesMs)
    {
        if (latenciesMs.Count == 0)
            return Empty;
        var sorted = latenciesMs.Order().ToArray();
        return new LatencyStatistics(
            Round(sorted[0]),
            Round(sorted.Average()),
            Round(Percentile(sorted, 50)),
            Round(Percentile(sorted, 95)),
            Round(Percentile(sorted, 99)),
            Round(sorted[^1]));
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(IReadOnlyList<double> sortedAscending, double percent)
    {
        if (sortedAscending.Count == 0)
            throw new ArgumentException("A percentile of no values is undefined; pass at least one value.", nameof(sortedAscending));
        var rank = (int)Math.Ceiling(percent / 100.0 * sortedAscending.Count);
        return sortedAscending[Math.Clamp(rank, 1, sortedAscending.Count) - 1];
    }

    private static double Round(double value) => Math.Round(value, 3);
}
