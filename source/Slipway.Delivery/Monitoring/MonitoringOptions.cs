using System.Globalization;
using System.Net;

namespace Slipway.Delivery.Monitoring;

/// <summary>
/// Where an environment's monitoring stack listens (127.0.0.1 only) and what it does. Addresses left null are derived
/// from the edge port, so environments on different edge ports never collide: Prometheus on edge + 1010 (9090 for the
/// default edge 8080), Alertmanager on edge + 1013 (9093), the edge-metrics exporter on edge + 1020 and the syslog
/// port it reads the edge's lines from on edge + 1021.
/// </summary>
public sealed record MonitoringOptions
{
    /// <summary>Whether Deploy brings up and uses the stack; without it there is no analysis (blue/green only, with no watch).</summary>
    public bool Enabled { get; init; } = true;

    public string? PrometheusAddress { get; init; }

    public string? AlertmanagerAddress { get; init; }

    /// <summary>mtail's HTTP address (its /metrics is scraped by Prometheus).</summary>
    public string? EdgeMetricsAddress { get; init; }

    /// <summary>The UDP address mtail receives the edge's syslog lines on.</summary>
    public string? EdgeLogAddress { get; init; }

    /// <summary>The monitoring image (the offline Debian base with prometheus, prometheus-alertmanager and mtail).</summary>
    public string? Image { get; init; }

    /// <summary>Where Alertmanager sends firing alerts (a webhook receiver); null: alerts are only kept in Alertmanager.</summary>
    public Uri? AlertWebhook { get; init; }

    /// <summary>Prometheus scrape interval (1–2 s keeps a short canary step meaningful).</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bounded retention: samples older than this are dropped.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Bounded retention: the TSDB never grows past this many megabytes.</summary>
    public int RetentionMegabytes { get; init; } = 512;

    /// <summary>The range the SLO alert rules judge (the canary analysis has its own, per step).</summary>
    public TimeSpan AlertWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an alert's condition must hold before it fires.</summary>
    public TimeSpan AlertFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The API key Prometheus presents to a service whose <c>/metrics</c> is protected; null when metrics are open.
    /// Written to a file only Prometheus reads, never to the configuration, a log or the ledger.
    /// </summary>
    public string? MetricsCredential { get; init; }

    public IPEndPoint ResolvePrometheus(IPEndPoint edge) => Resolve(PrometheusAddress, edge, 1010);

    public IPEndPoint ResolveAlertmanager(IPEndPoint edge) => Resolve(AlertmanagerAddress, edge, 1013);

    public IPEndPoint ResolveEdgeMetrics(IPEndPoint edge) => Resolve(EdgeMetricsAddress, edge, 1020);

    public IPEndPoint ResolveEdgeLog(IPEndPoint edge) => Resolve(EdgeLogAddress, edge, 1021);

    /// <summary>Problems with the values, each naming the setting and a valid example; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("PrometheusAddress", PrometheusAddress), ("AlertmanagerAddress", AlertmanagerAddress), ("EdgeMetricsAddress", EdgeMetricsAddress), ("EdgeLogAddress", EdgeLogAddress) })
        {
            if (value is null)
                continue;
            if (!IPEndPoint.TryParse(value, out var endPoint) || endPoint.Port == 0)
                problems.Add($"{name} '{value}' is not an address with a port; use e.g. '127.0.0.1:9090'.");
            else if (!IPAddress.IsLoopback(endPoint.Address))
                problems.Add($"{name} '{value}' is not a loopback address; the monitoring stack listens on 127.0.0.1 only.");
        }

        if (AlertWebhook is { } hook && (!hook.IsAbsoluteUri || hook.Scheme is not ("http" or "https")))
            problems.Add($"AlertWebhook '{hook}' must be an absolute http(s) URL, e.g. 'http://127.0.0.1:5001/alerts'.");
        if (ScrapeInterval < TimeSpan.FromSeconds(1) || ScrapeInterval > TimeSpan.FromSeconds(60))
            problems.Add($"ScrapeInterval {ScrapeInterval} must be between 1 s and 60 s, e.g. 00:00:01.");
        if (Retention < TimeSpan.FromMinutes(10))
            problems.Add($"Retention {Retention} must be at least 10 minutes, e.g. 06:00:00.");
        if (AlertWindow < 2 * ScrapeInterval)
            problems.Add($"AlertWindow {AlertWindow} must hold at least two scrapes ({2 * ScrapeInterval}), e.g. 00:01:00.");
        if (AlertFor < TimeSpan.Zero)
            problems.Add($"AlertFor {AlertFor} must not be negative (zero fires at once), e.g. 00:00:30.");
        if (MetricsCredential is { } credential && (credential.Length == 0 || credential.Any(char.IsWhiteSpace)))
            problems.Add("MetricsCredential is empty or contains white space; Prometheus sends it as 'Authorization: Bearer <credential>', so use the service's API key as is.");
        if (RetentionMegabytes < 16)
            problems.Add($"RetentionMegabytes {RetentionMegabytes} must be at least 16, e.g. 512.");
        return problems;
    }

    private static IPEndPoint Resolve(string? address, IPEndPoint edge, int offset) =>
        address is not null ? IPEndPoint.Parse(address) : new IPEndPoint(IPAddress.Loopback, edge.Port + offset);

    /// <summary>The settings without the credential (a record's generated ToString would print it).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"prometheus={PrometheusAddress ?? "edge+1010"} alertmanager={AlertmanagerAddress ?? "edge+1013"} scrape={ScrapeInterval.TotalSeconds}s retention={Retention} alerts={AlertWindow.TotalSeconds}s/{AlertFor.TotalSeconds}s webhook={(AlertWebhook is null ? "none" : "set")} credential={(MetricsCredential is null ? "none" : "set")}");
}
