namespace Slipway.Delivery.Smoke;

/// <summary>Requests whose latency was at least <see cref="FromMs"/> and below <see cref="ToMs"/> (the last bucket includes its upper bound).</summary>
public sealed record HistogramBucket(double FromMs, double ToMs, int Count)
{
    /// <summary>
    /// Equal-width buckets of a "nice" width (1, 2 or 5 × 10^k ms) covering the values; at most <paramref name="maxBuckets"/>.
    /// </summary>
    public static IReadOnlyList<HistogramBucket> Build(IReadOnlyCollection<double> valuesMs, int maxBuckets = 12)
    {
        if (valuesMs.Count == 0)
            return [];
        var min = valuesMs.Min();
        var max = valuesMs.Max();
        var width = NiceWidth((max - min) / maxBuckets);
        var from = Math.Floor(min / width) * width;
        var count = Math.Max(1, (int)Math.Ceiling((max - from) / width));
        while (count > maxBuckets)
        {
            width = NiceWidth(width * 1.01);
            from = Math.Floor(min / width) * width;
            count = Math.Max(1, (int)Math.Ceiling((max - from) / width));
        }
        var counts = new int[count];
        foreach (var value in valuesMs)
            counts[Math.Min(count - 1, (int)Math.Floor((value - from) / width))]++;
        return counts.Select((c, i) => new HistogramBucket(Round(from + i * width), Round(from + (i + 1) * width), c)).ToArray();
    }

    private static double NiceWidth(double raw)
    {
        if (raw <= 0 || double.IsNaN(raw))
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * magnitude >= raw)
                return step * magnitude;
        }
        return 10 * magnitude;
    }

    private static double Round(double value) => Math.Round(value, 6);
}
