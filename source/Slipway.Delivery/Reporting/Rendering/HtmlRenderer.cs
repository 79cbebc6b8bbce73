using System.Net;
using System.Text;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and inline SVG, no script, no external asset.
/// Every text from the inputs is HTML-encoded. Wide tables and charts scroll inside their box on narrow screens.
/// </summary>
public static partial class HtmlRenderer
{
    public static string Render(ReportModel model)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light\">\n")
            .Append("<title>").Append(E($"Slipway pipeline: {model.Headline.Outcome}")).Append("</title>\n")
            .Append("<style>").Append(Styles).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, model);
        Cards(html, model);
        html.Append("<nav><a href=\"#targets\">Targets</a><a href=\"#tests\">Tests</a><a href=\"#coverage\">Coverage</a><a href=\"#image\">Image</a>")
            .Append("<a href=\"#training\">Training</a><a href=\"#deployment\">Deployment</a>")
            .Append(model.Deployment.Rollout is null ? "" : "<a href=\"#rollout\">Rollout</a>")
            .Append(model.Alerts.Available ? "<a href=\"#alerts\">Alerts</a>" : "")
            .Append("<a href=\"#latency\">Latency</a><a href=\"#delivery\">Delivery</a></nav>\n");
        TargetsSection(html, model.Run);
        TestsSection(html, model.Tests);
        CoverageSection(html, model.Coverage);
        ImageSection(html, model.Image, model.Models);
        TrainingSection(html, model.Training);
        DeploymentSection(html, model.Deployment);
        RolloutSection(html, model.Deployment.Rollout);
        AlertsSection(html, model.Alerts, model.Deployment.Rollout?.Alertmanager);
        LatencySection(html, model.Latency);
        DeliverySection(html, model.Delivery, model.Trend);
        if (model.Warnings.Count > 0)
        {
            html.Append("<section id=\"warnings\"><h2>Warnings</h2><ul>");
            foreach (var warning in model.Warnings)
                html.Append("<li>").Append(E(warning)).Append("</li>");
            html.Append("</ul></section>\n");
        }
        html.Append("<footer>Generated ").Append(E(Format.Date(model.GeneratedAt))).Append(" · report schema v").Append(model.SchemaVersion).Append("</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, ReportModel model)
    {
        html.Append("<header class=\"headline o-").Append(Charts.Css(model.Headline.Outcome)).Append("\">")
            .Append("<div class=\"eyebrow\">Slipway pipeline").Append(model.Run.RequestedTargets.Count > 0 ? " · " + E(string.Join(" ", model.Run.RequestedTargets)) : "")
            .Append("</div><h1>").Append(E(model.Headline.Outcome)).Append("</h1><p id=\"headline\">").Append(E(model.Headline.Summary)).Append("</p>");
        if (model.Run.Available)
        {
            html.Append("<p class=\"meta\">commit <code>").Append(E(Format.ShortCommit(model.Run.Commit))).Append("</code> · started ")
                .Append(E(Format.Date(model.Run.StartedAt))).Append(" · host ").Append(E(model.Run.Host ?? Format.Missing));
            html.Append(RunLink(model.Run.RunUrl, " · "));
            html.Append("</p>");
        }
        html.Append("</header>\n");
    }

    private static void Cards(StringBuilder html, ReportModel model)
    {
        html.Append("<div class=\"cards\">");
        Card(html, "Duration", Format.Duration(model.Run.DurationMs), model.Run.Available ? $"exit code {model.Run.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Format.Missing}" : "no run record");
        Card(html, "Tests", model.Tests.Available ? $"{model.Tests.Passed}/{model.Tests.Total}" : Format.Missing,
            model.Tests.Available ? (model.Tests.Failed == 0 ? "all passed" : $"{model.Tests.Failed} failed") : "not available", model.Tests.Failed > 0 ? "bad" : null);
        Card(html, "Line coverage", Format.Percent(model.Coverage.LineRate), $"branches {Format.Percent(model.Coverage.BranchRate)}");
        Card(html, "Image size", Format.Bytes(model.Image.SizeBytes), model.Image.BasePath is { } basePath ? $"base {basePath}" : "not available");
        var latest = model.Deployment.Latest;
        Card(html, "Deploy", latest?.Outcome ?? Format.Missing, latest is null ? "not available" : $"{latest.Version ?? Format.ShortId(latest.ImageId)} · {latest.Environment}",
            latest?.Outcome is "failed" or "rolled-back" ? "bad" : null);
        Card(html, "Latency p95", model.Latency.Available && model.Latency.Requests > 0 ? Format.Milliseconds(model.Latency.LatencyMs.P95) : Format.Missing,
            model.Latency.Available ? $"{model.Latency.Failures} of {model.Latency.Requests} failed" : "not available", model.Latency.Failures > 0 ? "bad" : null);
        html.Append("</div>\n");
    }

    private static void Card(StringBuilder html, string key, string value, string note, string? tone = null)
    {
        html.Append("<div class=\"card").Append(tone is null ? "" : " " + tone).Append("\"><div class=\"k\">").Append(E(key)).Append("</div><div class=\"v\">")
            .Append(E(value)).Append("</div><div class=\"n\">").Append(E(note)).Append("</div></div>");
    }

    private static bool NotAvailable(StringBuilder html, ReportSection section)
    {
        if (section.Available)
            return false;
        html.Append("<p class=\"na\"><strong>Not available.</strong> ").Append(E(section.Reason!)).Append("</p>");
        return true;
    }

    private static string Badge(string status) =>
        $"<span class=\"badge b-{Charts.Css(status)}\">{E(status)}</span>";

    /// <summary>A link to the CI run, only for an absolute http(s) URL; empty otherwise.</summary>
    private static string RunLink(string? runUrl, string prefix) =>
        runUrl is not null && Uri.TryCreate(runUrl, UriKind.Absolute, out var link) && link.Scheme is "http" or "https"
            ? prefix + "<a href=\"" + E(runUrl) + "\">CI run</a>"
            : "";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static void Table(StringBuilder html, string[] headers, IEnumerable<string[]> rows, ISet<int>? numeric = null)
    {
        html.Append("<div class=\"scroll\"><table><thead><tr>");
        for (var i = 0; i < headers.Length; i++)
            html.Append(numeric?.Contains(i) == true ? "<th class=\"num\">" : "<th>").Append(E(headers[i])).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
                html.Append(numeric?.Contains(i) == true ? "<td class=\"num\">" : "<td>").Append(row[i]).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>\n");
    }
}
