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
    /// datagrams into lines. <c>$slipway_colour</c> is mapped from <c>$upstream_addr</c> by the edge configuration, and
    /// <c>$slipway_status</c> is the HTTP status, or for a gRPC call the HTTP status its <c>grpc-status</c> stands for
    /// (<see cref="GrpcStatusCodes"/>), so a version that fails gRPC calls inside HTTP 200 answers fails its analysis too.
    /// </summary>
    public const string LogFormat = "colour=$slipway_colour status=$slipway_status time=$request_time\n";

    /// <summary>
    /// The HTTP status each gRPC status code counts as, the mapping the service itself uses the other way round
    /// (INVALID_ARGUMENT is the REST 400, UNAVAILABLE the 503, …); codes without a REST twin take the closest one.
    /// </summary>
    public static IReadOnlyDictionary<int, int> GrpcStatusCodes { get; } = new Dictionary<int, int>
    {
        [0] = 200, // OK
        [1] = 499, // CANCELLED: the client went away
        [2] = 500, // UNKNOWN
        [3] = 400, // INVALID_ARGUMENT
        [4] = 504, // DEADLINE_EXCEEDED
        [5] = 404, // NOT_FOUND
        [6] = 409, // ALREADY_EXISTS
        [7] = 403, // PERMISSION_DENIED
        [8] = 429, // RESOURCE_EXHAUSTED
        [9] = 400, // FAILED_PRECONDITION
        [10] = 409, // ABORTED
        [11] = 400, // OUT_OF_RANGE
        [12] = 501, // UNIMPLEMENTED
        [13] = 500, // INTERNAL
        [14] = 503, // UNAVAILABLE
        [15] = 500, // DATA_LOSS
        [16] = 401, // UNAUTHENTICATED
    };

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
