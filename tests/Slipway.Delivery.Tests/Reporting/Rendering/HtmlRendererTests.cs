using System.Text.RegularExpressions;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting;
using Slipway.Delivery.Reporting.Rendering;

namespace Slipway.Delivery.Tests.Reporting.Rendering;

/// <summary>The HTML report's rollout section and firing alerts, read as markup.</summary>
public sealed class HtmlRendererTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task DrawsTheCandidatesShareOfTrafficAsAStepChart()
    {
        // Act
        var html = await RenderAsync("canary-promoted");

        // Assert: the step line starts at 0% and has a dot at each of the three moves.
        var chart = Svg(html, "Traffic share of blue over time");
        chart.ShouldContain("<polyline points=\"50,170 ");
        chart.ShouldContain("class=\"traffic\"");
        Regex.Matches(chart, "<circle [^>]*class=\"move\"").Count.ShouldBe(3);
        chart.ShouldContain(">10%</text>");
        chart.ShouldContain(">50%</text>");
        chart.ShouldContain(">100%</text>");
        chart.ShouldContain("<title>+20.0 s: blue 50%, green 50%</title>");
    }

    [Fact]
    public async Task DrawsSuccessRateAndP99PerPhaseWithBaselineAndThreshold()
    {
        // Act
        var html = await RenderAsync("canary-promoted");

        // Assert: one candidate point per phase; the watch has no baseline, so two baseline points.
        foreach (var label in new[] { "Success rate per phase", "p99 latency per phase" })
        {
            var chart = Svg(html, label);
            Regex.Matches(chart, "<circle [^>]*class=\"pt v-pass\"").Count.ShouldBe(3);
            Regex.Matches(chart, "<circle [^>]*class=\"pt baseline-pt\"").Count.ShouldBe(2);
            chart.ShouldContain("class=\"threshold\"/>");
            chart.ShouldContain("class=\"baseline\"/>");
            chart.ShouldContain(">step 10%</text>");
            chart.ShouldContain(">watch</text>");
        }
        Svg(html, "p99 latency per phase").ShouldContain(">bound &lt;= 1000 ms ↑</text>");
    }

    [Fact]
    public async Task ListsEveryAnalysisCheckWithItsValueBoundBaselineAndVerdict()
    {
        // Act
        var html = await RenderAsync("canary-rolled-back");

        // Assert
        html.ShouldContain("<td>requests</td><td class=\"num\">57</td><td>&gt;= 20</td><td class=\"num\">498</td><td class=\"num\">0</td><td><span class=\"badge v-pass\">pass</span></td>");
        html.ShouldContain("<td>success-rate</td><td class=\"num\">82.46%</td><td>&gt;= 99.0%</td><td class=\"num\">100.0%</td><td class=\"num\">0</td><td><span class=\"badge v-fail\">fail</span></td>");
        html.ShouldContain("<td>p99</td><td class=\"num\">31.2 ms</td><td>&lt;= 43.2 ms</td><td class=\"num\">18.2 ms</td><td class=\"num\">–</td><td><span class=\"badge v-pass\">pass</span></td>");
        Regex.Matches(html, "<circle [^>]*class=\"pt v-fail\"").Count.ShouldBe(1);
    }

    [Fact]
    public async Task ShowsTheRollbackReasonProminently()
    {
        // Act
        var html = await RenderAsync("canary-rolled-back");

        // Assert
        html.ShouldContain("<div class=\"rollback\" role=\"alert\"><strong>Rolled back:</strong> analysis of step 10% failed: success-rate of green 82.46% is below 99%");
        html.ShouldContain("traffic 10% → 0% · 2 of 3 checks passed, 1 failed");
    }

    [Fact]
    public async Task ShowsTheProbesTheProbeLoadAndLinksToTheMonitoringStack()
    {
        // Act
        var html = await RenderAsync("canary-rolled-back");

        // Assert
        html.ShouldContain("<dt>Probe verdict</dt><dd><span class=\"badge v-passed\">passed</span></dd>");
        html.ShouldContain("<dt>Probes compared</dt><dd>16</dd>");
        html.ShouldContain("<dt>Lowest cosine</dt><dd>0.9993</dd>");
        html.ShouldContain("<dd>every golden probe matches its reference output</dd>");
        html.ShouldContain("<dt>Probe load</dt><dd>240 sent &#183; 10 failed (4.2%)</dd>");
        html.ShouldContain("<a href=\"http://127.0.0.1:9090/\">http://127.0.0.1:9090</a>");
        html.ShouldContain("<a href=\"http://127.0.0.1:9093/\">http://127.0.0.1:9093</a>");
    }

    [Fact]
    public async Task EncodesTheQueryOfACheckInTheTableAndInItsGraphLink()
    {
        // Arrange
        const string query = "sum(rate(slipway_edge_requests_total{colour=\"green\"}[5s])) < 0.5 <script>";
        var entry = LedgerEntries.Deploy("canary") with
        {
            Analyses = [LedgerEntries.Check("step 10%", "requests", 3, ">=", 20, AnalysisCheck.Inconclusive, query: query)],
        };
        var inputs = await LedgerEntries.InputsAsync(_scratch.Path, entry);

        // Act
        var html = HtmlRenderer.Render(await PipelineReport.BuildAsync(inputs));

        // Assert
        html.ShouldNotContain("<script");
        html.ShouldContain("<code class=\"query\">sum(rate(slipway_edge_requests_total{colour=&quot;green&quot;}[5s])) &lt; 0.5 &lt;script&gt;</code>");
        html.ShouldContain("href=\"http://127.0.0.1:9090/graph?g0.expr=sum%28rate%28slipway_edge_requests_total%7Bcolour%3D%22green%22%7D%5B5s%5D%29%29%20%3C%200.5%20%3Cscript%3E&amp;g0.tab=0\"");
        html.ShouldContain("<span class=\"badge v-inconclusive\">inconclusive</span>");
    }

    [Fact]
    public async Task LinksOnlyToWebAddresses()
    {
        // Arrange: a ledger line is input like any other.
        var entry = LedgerEntries.Deploy("canary") with
        {
            Prometheus = "javascript:alert(1)",
            Analyses = [LedgerEntries.Check("step 10%", "requests", 30, ">=", 20)],
        };
        var inputs = await LedgerEntries.InputsAsync(_scratch.Path, entry);

        // Act
        var html = HtmlRenderer.Render(await PipelineReport.BuildAsync(inputs));

        // Assert
        html.ShouldNotContain("href=\"javascript:");
        html.ShouldContain("<dt>Prometheus</dt><dd>javascript:alert(1)</dd>");
    }

    [Fact]
    public async Task ShowsTheWatchOfABlueGreenDeployAsItsOnlyPhase()
    {
        // Arrange
        var entry = LedgerEntries.Deploy("blue-green") with
        {
            Traffic = [new TrafficChange(LedgerEntries.StartedAt.AddSeconds(8), new Dictionary<string, int> { ["blue"] = 0, ["green"] = 100 })],
            Analyses =
            [
                LedgerEntries.Check("watch", "requests", 240, ">=", 20),
                LedgerEntries.Check("watch", "success-rate", 1.0, ">=", 0.99),
                LedgerEntries.Check("watch", "p99", 0.021, "<=", 1.0),
            ],
        };
        var inputs = await LedgerEntries.InputsAsync(_scratch.Path, entry);

        // Act
        var html = HtmlRenderer.Render(await PipelineReport.BuildAsync(inputs));

        // Assert
        html.ShouldContain("<section id=\"rollout\"><h2>Rollout and analysis</h2>");
        html.ShouldContain("blue-green of <code>9.9.9</code> to <strong>green</strong> against <strong>blue</strong> · traffic 100% · all 3 checks passed");
        Svg(html, "Success rate per phase").ShouldContain(">watch</text>");
        Svg(html, "Success rate per phase").ShouldNotContain(">step");
        html.ShouldNotContain("class=\"rollback\"");
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public async Task AddsNothingForADeployThatRecordedNoAnalysis(string fixture)
    {
        // Act
        var html = await RenderAsync(fixture);

        // Assert
        html.ShouldNotContain("id=\"rollout\"");
        html.ShouldNotContain("href=\"#rollout\"");
    }

    [Fact]
    public async Task ListsTheFiringAlertsWithTheirLabelsAndSummary()
    {
        // Arrange
        var labels = new Dictionary<string, string> { ["alertname"] = "SlipwayCanaryErrors", ["colour"] = "green", ["severity"] = "page" };
        var alerts = new[] { new ReportAlert("SlipwayCanaryErrors", labels, "green answers <5xx>", ReportFixtures.Now.AddMinutes(-59)) };

        // Act
        var html = await RenderAsync("canary-rolled-back", alerts);

        // Assert
        html.ShouldContain("<section id=\"alerts\"><h2>Firing alerts</h2>");
        html.ShouldContain("<td><strong class=\"bad\">SlipwayCanaryErrors</strong></td><td>2026-11-29 11:01:00 UTC</td><td><code>colour=green</code> <code>severity=page</code></td>");
        html.ShouldContain("green answers &lt;5xx&gt;");
        html.ShouldContain("firing <a href=\"http://127.0.0.1:9093/\">Alertmanager</a>");
        html.ShouldContain("<a href=\"#alerts\">Alerts</a>");
    }

    [Fact]
    public async Task SaysNoAlertIsFiringWhenAlertmanagerHasNone()
    {
        // Act
        var html = await RenderAsync("canary-promoted", []);

        // Assert
        html.ShouldContain("<h2>Firing alerts</h2><p class=\"quiet\">No alert is firing. <a href=\"http://127.0.0.1:9093/\">Alertmanager</a></p>");
    }

    [Fact]
    public async Task SaysNothingAboutAlertsWhenTheyWereNotRead()
    {
        // Act
        var html = await RenderAsync("canary-promoted");

        // Assert
        html.ShouldNotContain("id=\"alerts\"");
        html.ShouldNotContain("No alert is firing");
    }

    private async Task<string> RenderAsync(string fixture, IReadOnlyList<ReportAlert>? alerts = null) =>
        HtmlRenderer.Render(await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path).WithFiringAlerts(alerts)));

    /// <summary>The one chart labelled <paramref name="label"/>.</summary>
    private static string Svg(string html, string label) =>
        Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => m.Value)
            .Where(m => m.Contains($"aria-label=\"{label}\"", StringComparison.Ordinal)).ShouldHaveSingleItem();

    public void Dispose() => _scratch.Dispose();
}
