namespace Slipway.Serving.Benchmarks;

/// <summary>Latencies of one run, in milliseconds, with percentiles by nearest rank.</summary>
internal sealed class LatencySample(IReadOnlyList<double> milliseconds, TimeSpan wallTime)
{
    /// <summary>CPU time the serving side used for this run, when measured.</summary>
    public TimeSpan? ServerCpu { get; set; }

    /// <summary>Requests per CPU-second of the serving side: efficiency, less sensitive to other load on the machine.</summary>
    public double? PerCpuSecond => ServerCpu is { } cpu && cpu > TimeSpan.Zero ? Count / cpu.TotalSeconds : null;

    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double Throughput => Count / wallTime.TotalSeconds;

    public double Percentile(double p) => _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
