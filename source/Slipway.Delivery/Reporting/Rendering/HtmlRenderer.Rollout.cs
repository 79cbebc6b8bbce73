using System.Globalization;
using System.Text;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The latest deploy as a dashboard: traffic, the analysis verdicts, the probes, the monitoring stack; and the firing alerts.</summary>
public static partial class HtmlRenderer
{
    private static void RolloutSection(StringBuilder html, RolloutReport? rollout)
    {
        if (rollout is null)
            return;
        html.Append("<section id=\"rollout\"><h2>").Append(rollout.Strategy == "canary" ? "Canary and analysis" : "Rollout and analysis").Append("</h2>");
        html.Append("<p class=\"figures\">").Append(Badge(rollout.Outcome)).Append(' ').Append(E(rollout.Strategy ?? "deploy")).Append(" of <code>")
            .Append(E(rollout.Version ?? rollout.DeploymentId)).Append("</code> to <strong>").Append(E(rollout.Candidate ?? Format.Missing)).Append("</strong>");
        if (rollout.Baseline is not null)
            html.Append(" against <strong>").Append(E(rollout.Baseline)).Append("</strong>");
        if (rollout.Steps.Count > 0)
            html.Append(" · traffic ").Append(E(string.Join(" → ", rollout.Steps.Select(s => $"{s}%"))));
        html.Append(" · ").Append(E(ChecksSummary(rollout))).Append("</p>");
        if (rollout.Reason is not null && rollout.Outcome is LedgerOutcomes.RolledBack or LedgerOutcomes.Failed)
        {
            html.Append("<div class=\"rollback\" role=\"alert\"><strong>").Append(rollout.Outcome == LedgerOutcomes.RolledBack ? "Rolled back" : "Failed")
                .Append(":</strong> ").Append(E(rollout.Reason)).Append("</div>");
        }
        if (rollout.Traffic.Count > 0)
            html.Append("<h3>Traffic to ").Append(E(rollout.Candidate ?? "the candidate")).Append("</h3><div class=\"scroll\">").Append(Charts.TrafficSteps(rollout)).Append("</div>");
        PhaseChart(html, "Success rate per phase", rollout, CheckMetric.SuccessRate, percent: true);
        PhaseChart(html, "p99 latency per phase", rollout, CheckMetric.P99, percent: false);
        if (rollout.Checks.Count > 0)
        {
            html.Append("<h3>Analysis checks</h3>");
            Table(html, ["Phase", "At", "Colour", "Metric", "Value", "Bound", "Baseline", "429s", "Verdict", "Query"],
                rollout.Checks.Select(c => new[]
                {
                    E(c.Phase), E("+" + Format.Duration((c.At - rollout.StartedAt).TotalMilliseconds)), E(c.Colour), E(c.Metric),
                    E(Format.CheckValue(c.Metric, c.Value)), E(Format.CheckBound(c.Metric, c.Comparison, c.Threshold)),
                    E(Format.CheckValue(c.Metric, c.Baseline)), E(Format.CheckValue(CheckMetric.Requests, c.Throttled)), Verdict(c.Verdict),
                    "<code class=\"query\">" + E(c.Query) + "</code>" + GraphLink(rollout.Prometheus, c.Query),
                }),
                new HashSet<int> { 1, 4, 6, 7 });
        }
        html.Append("<h3>Probes and monitoring</h3><dl class=\"facts\">");
        if (rollout.Probes is { } probes)
        {
            html.Append("<div><dt>Probe verdict</dt><dd>").Append(Verdict(probes.Verdict)).Append("</dd></div>");
            Fact(html, "Probes compared", probes.Probes.ToString(CultureInfo.InvariantCulture));
            Fact(html, "Lowest cosine", probes.MinCosine?.ToString("0.0000", CultureInfo.InvariantCulture));
            html.Append("<div class=\"wide\"><dt>Probe message</dt><dd>").Append(E(probes.Message)).Append("</dd></div>");
        }
        else
        {
            Fact(html, "Probe verdict", "not run");
        }
        Fact(html, "Probe load", ProbeLoad(rollout));
        Link(html, "Prometheus", rollout.Prometheus);
        Link(html, "Alertmanager", rollout.Alertmanager);
        html.Append("</dl></section>\n");
    }

    private static void AlertsSection(StringBuilder html, AlertsSection alerts, string? alertmanager)
    {
        // not given: the report says nothing about alerts rather than "none firing"
        if (!alerts.Available)
            return;
        html.Append("<section id=\"alerts\"><h2>Firing alerts</h2>");
        if (alerts.Firing.Count == 0)
        {
            html.Append("<p class=\"quiet\">No alert is firing.").Append(AlertmanagerLink(alertmanager)).Append("</p></section>\n");
            return;
        }
        html.Append("<p class=\"figures\"><strong class=\"bad\">").Append(alerts.Firing.Count).Append("</strong> firing").Append(AlertmanagerLink(alertmanager)).Append("</p>");
        Table(html, ["Alert", "Since", "Labels", "Summary"],
            alerts.Firing.Select(a => new[]
            {
                "<strong class=\"bad\">" + E(a.Name) + "</strong>", E(Format.Date(a.StartsAt)),
                string.Join(" ", a.Labels.Where(l => l.Key != "alertname").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => "<code>" + E($"{l.Key}={l.Value}") + "</code>")),
                "<span class=\"note\">" + E(a.Summary ?? "") + "</span>",
            }));
        html.Append("</section>\n");
    }

    private static void PhaseChart(StringBuilder html, string title, RolloutReport rollout, string metric, bool percent)
    {
        var values = Charts.PhaseValues(rollout, metric);
        if (values.Count == 0)
            return;
        html.Append("<h3>").Append(E(title)).Append("</h3><div class=\"scroll\">").Append(Charts.PhaseMetric(title, values, rollout, percent)).Append("</div>");
    }

    private static string ChecksSummary(RolloutReport rollout)
    {
        if (rollout.Checks.Count == 0)
            return "no analysis checks";
        if (rollout.ChecksPassed == rollout.Checks.Count)
            return $"all {rollout.Checks.Count} checks passed";
        var parts = new List<string> { $"{rollout.ChecksPassed} of {rollout.Checks.Count} checks passed" };
        if (rollout.ChecksFailed > 0)
            parts.Add($"{rollout.ChecksFailed} failed");
        if (rollout.ChecksInconclusive > 0)
            parts.Add($"{rollout.ChecksInconclusive} inconclusive");
        return string.Join(", ", parts);
    }

    private static string? ProbeLoad(RolloutReport rollout) => rollout.ProbeLoadSent is { } sent
        ? string.Create(CultureInfo.InvariantCulture, $"{sent} sent · {rollout.ProbeLoadFailed ?? 0} failed") + (sent > 0 ? $" ({Format.Percent((double)(rollout.ProbeLoadFailed ?? 0) / sent)})" : "")
        : null;

    private static string Verdict(string verdict) => $"<span class=\"badge v-{Charts.Css(verdict)}\">{E(verdict)}</span>";

    private static void Link(StringBuilder html, string key, string? url)
    {
        html.Append("<div><dt>").Append(E(key)).Append("</dt><dd>");
        if (WebUrl(url) is { } uri)
            html.Append("<a href=\"").Append(E(uri.AbsoluteUri)).Append("\">").Append(E(url)).Append("</a>");
        else
            html.Append(E(string.IsNullOrEmpty(url) ? Format.Missing : url));
        html.Append("</dd></div>");
    }

    private static string AlertmanagerLink(string? alertmanager) =>
        WebUrl(alertmanager) is { } uri ? " <a href=\"" + E(uri.AbsoluteUri) + "\">Alertmanager</a>" : "";

    /// <summary>The query in Prometheus's graph page; nothing when the entry has no usable Prometheus address.</summary>
    private static string GraphLink(string? prometheus, string query) =>
        WebUrl(prometheus) is { } uri ? " <a class=\"graph\" href=\"" + E(uri.AbsoluteUri.TrimEnd('/') + "/graph?g0.expr=" + Uri.EscapeDataString(query) + "&g0.tab=0") + "\">graph</a>" : "";

    /// <summary>Only absolute http(s) addresses become links: a ledger line must not turn into a script link.</summary>
    private static Uri? WebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
