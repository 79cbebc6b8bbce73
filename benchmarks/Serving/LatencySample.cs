namespace Slipway.Serving.Benchmarks;

/// <summary>Latencies of one run, in milliseconds, with percentiles by nearest rank.</summary>
internal sealed class LatencySample(IReadOnlyList<double> milliseconds, TimeSpan wallTime)
{
    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double Throughput => Count / wallTime.TotalSeconds;

    public double Percentile(double p) => _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
