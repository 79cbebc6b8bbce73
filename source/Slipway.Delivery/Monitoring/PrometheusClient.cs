using System.Globalization;
using System.Text.Json;

namespace Slipway.Delivery.Monitoring;

/// <summary>Prometheus's HTTP API from C#: instant queries reduced to one number, and the active scrape targets.</summary>
/// <example><code>var p99 = await new PrometheusClient(stack.Endpoints.Prometheus).QueryScalarAsync(AnalysisDefinition.P99Query(AnalysisDefinition.ColourSelector("blue"), TimeSpan.FromSeconds(30)));</code></example>
public sealed class PrometheusClient
{
    private readonly HttpClient _http;

    public PrometheusClient(Uri address, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _http = http ?? MonitoringHttp.Shared;
    }

    public Uri Address { get; }

    /// <summary>
    /// The value of a query that yields one number: a scalar, or an instant vector of one sample. An empty vector (no
    /// data yet) and NaN (e.g. a rate over no requests) are null.
    /// </summary>
    /// <exception cref="PrometheusQueryException">Prometheus rejected the query, or it yielded more than one series.</exception>
    /// <exception cref="PrometheusUnavailableException">Prometheus did not answer, or something else did.</exception>
    public async Task<double?> QueryScalarAsync(string promql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promql);
        using var json = await GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql), promql, cancellationToken).ConfigureAwait(false);
        var data = json.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        switch (data.GetProperty("resultType").GetString())
        {
            case "scalar":
                return Value(result);
            case "vector" when result.GetArrayLength() == 0:
                return null;
            case "vector" when result.GetArrayLength() == 1:
                return Value(result[0].GetProperty("value"));
            case "vector":
                var series = string.Join(", ", result.EnumerateArray().Take(3).Select(sample => sample.GetProperty("metric").GetRawText()));
                throw new PrometheusQueryException(promql, $"it yielded {result.GetArrayLength()} series ({series}…), not one; aggregate them, e.g. with sum(…)");
            case var other:
                throw new PrometheusQueryException(promql, $"it yielded a {other}, not a scalar or an instant vector");
        }
    }

    /// <summary>The active scrape targets (every job), with their labels after relabelling, health and last error.</summary>
    /// <exception cref="PrometheusUnavailableException">Prometheus did not answer, or something else did.</exception>
    public async Task<IReadOnlyList<PrometheusTarget>> TargetsAsync(CancellationToken cancellationToken = default)
    {
        using var json = await GetAsync("api/v1/targets?state=active", "(the targets API)", cancellationToken).ConfigureAwait(false);
        return json.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(target => new PrometheusTarget(
                target.GetProperty("scrapePool").GetString() ?? "",
                target.GetProperty("scrapeUrl").GetString() ?? "",
                target.GetProperty("labels").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "", StringComparer.Ordinal),
                target.GetProperty("health").GetString() ?? "unknown",
                target.TryGetProperty("lastError", out var error) && error.GetString() is { Length: > 0 } text ? text : null,
                target.TryGetProperty("lastScrape", out var last) && last.TryGetDateTimeOffset(out var at) && at.Year > 1 ? at : null))
            .ToList();
    }

    private async Task<JsonDocument> GetAsync(string relative, string query, CancellationToken cancellationToken)
    {
        var (status, body) = await MonitoringHttp.SendAsync(_http, HttpMethod.Get, new Uri(Address, relative),
            (reason, inner) => new PrometheusUnavailableException(Address, reason, inner), cancellationToken).ConfigureAwait(false);
        var json = MonitoringHttp.TryParse(body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("status", out var state))
        {
            json?.Dispose();
            throw new PrometheusUnavailableException(Address, $"it answered {(int)status} with something that is not Prometheus's API: '{MonitoringHttp.Excerpt(body)}'");
        }

        if (state.GetString() != "success")
        {
            var error = json.RootElement.TryGetProperty("error", out var text) ? text.GetString() ?? "" : $"status {(int)status}";
            var type = json.RootElement.TryGetProperty("errorType", out var kind) ? kind.GetString() : null;
            json.Dispose();
            throw new PrometheusQueryException(query, error, type);
        }

        return json;
    }

    /// <summary>A sample is <c>[time, "value"]</c>; Prometheus writes NaN and ±Inf as strings too.</summary>
    private static double? Value(JsonElement sample)
    {
        var value = double.Parse(sample[1].GetString() ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsNaN(value) ? null : value;
    }
}
