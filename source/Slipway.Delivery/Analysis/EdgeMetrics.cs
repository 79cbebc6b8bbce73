namespace Slipway.Delivery.Analysis;

/// <summary>
/// The metrics the edge's view of traffic produces: nginx sends one access-log line per request over syslog (UDP,
/// 127.0.0.1) to mtail, which exports them for Prometheus. The edge sees what clients see (upstream errors, timeouts,
/// every colour), the way a mesh proxy does for Flagger and Argo Rollouts.
/// </summary>
public static class EdgeMetrics
{
    /// <summary>Counter by <c>colour</c> (the upstream that answered, "none" when none did) and <c>code</c> (the HTTP status).</summary>
    public const string Requests = "slipway_edge_requests_total";

    /// <summary>Histogram (seconds, nginx's <c>$request_time</c>) by <c>colour</c>.</summary>
    public const string Duration = "slipway_edge_request_duration_seconds";

    /// <summary>The syslog tag of the edge's metric lines.</summary>
    public const string SyslogTag = "slipway_edge";

    /// <summary>
    /// The nginx <c>log_format</c> body of one metric line (escape=none); it ends in a newline because mtail splits
    /// datagrams into lines. <c>$slipway_colour</c> is mapped from <c>$upstream_addr</c> by the edge configuration.
    /// </summary>
    public const string LogFormat = "colour=$slipway_colour status=$status time=$request_time\n";

    /// <summary>
    /// Latency bucket bounds (seconds) shared by the edge histogram and the service's own: about 1.25× apart from
    /// 1 ms to 30 s, so p99 values 1.5× apart always fall in different buckets.
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = Buckets();

    private static double[] Buckets()
    {
        var bounds = new List<double>();
        for (var bound = 0.001; bound < 30.5; bound *= 1.25)
        {
            // three significant digits keep the le labels readable (0.00125, 0.00156, …)
            bounds.Add(double.Parse(bound.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
        }

        return [.. bounds.Distinct()];
    }
}
