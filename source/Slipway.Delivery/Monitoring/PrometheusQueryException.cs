namespace Slipway.Delivery.Monitoring;

/// <summary>Prometheus answered, but not with a usable result: it rejected the query (its error is quoted) or the result has the wrong shape.</summary>
public sealed class PrometheusQueryException(string query, string error, string? errorType = null)
    : Exception($"Prometheus could not answer the query '{query}': {error}{(errorType is null ? "" : $" ({errorType})")}.")
{
    public string Query { get; } = query;

    /// <summary>Prometheus's error text (or what was wrong with the result).</summary>
    public string Error { get; } = error;

    /// <summary>Prometheus's error type (<c>bad_data</c>, <c>timeout</c>, …); null when the result's shape was the problem.</summary>
    public string? ErrorType { get; } = errorType;
}
