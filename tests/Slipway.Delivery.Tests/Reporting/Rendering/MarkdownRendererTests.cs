using Slipway.Delivery.Reporting;
using Slipway.Delivery.Reporting.Rendering;

namespace Slipway.Delivery.Tests.Reporting.Rendering;

/// <summary>report.md's compact rollout and firing alerts (the whole text is compared in ReportWriterTests).</summary>
public sealed class MarkdownRendererTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task ListsOnlyTheChecksThatDidNotPass()
    {
        // Act
        var lines = await RenderAsync("canary-rolled-back");

        // Assert
        lines.ShouldContain("Strategy **canary**: `1.5.0` to green against blue · traffic 10% → 0%");
        lines.ShouldContain("2 of 3 checks passed:");
        lines.ShouldContain("| step 10% | green | success-rate | 82.46% | &gt;= 99.0% | 100.0% | ❌ fail |");
        lines.ShouldNotContain(l => l.StartsWith("| step 10% | green | requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatesTheRollbackReasonOnceAndLoudly()
    {
        // Act
        var lines = await RenderAsync("canary-rolled-back");

        // Assert
        lines.Count(l => l.Contains("analysis of step 10% failed", StringComparison.Ordinal)).ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith("**Rolled back:** analysis of step 10% failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaysAllChecksPassedWhenNoneFailed()
    {
        // Act
        var lines = await RenderAsync("canary-promoted");

        // Assert
        lines.ShouldContain("Strategy **canary**: `1.5.1` to blue against green · traffic 10% → 50% → 100%");
        lines.ShouldContain("All 9 checks passed (step 10%, step 50%, watch).");
        lines.ShouldContain("Probes: ✅ passed · 16 probes · lowest cosine 0.9991 · every golden probe matches its reference output");
        lines.ShouldContain("Probe load: 612 sent, 0 failed.");
    }

    [Fact]
    public async Task ListsTheFiringAlerts()
    {
        // Arrange
        var labels = new Dictionary<string, string> { ["alertname"] = "SlipwayCanaryErrors", ["colour"] = "green" };
        ReportAlert[] alerts = [new("SlipwayCanaryErrors", labels, "green answers 5xx to 17.5% of requests", ReportFixtures.Now.AddMinutes(-59))];

        // Act
        var lines = await RenderAsync("canary-rolled-back", alerts);

        // Assert
        lines.ShouldContain("### Firing alerts");
        lines.ShouldContain("- 🔥 **SlipwayCanaryErrors** since 2026-11-29 11:01:00 UTC (colour=green): green answers 5xx to 17.5% of requests");
    }

    [Fact]
    public async Task SaysNoAlertIsFiringWhenAlertmanagerHasNone()
    {
        // Act
        var lines = await RenderAsync("canary-promoted", []);

        // Assert
        lines.ShouldContain("No alert is firing.");
    }

    [Fact]
    public async Task SaysNothingAboutAlertsWhenTheyWereNotRead()
    {
        // Act
        var lines = await RenderAsync("canary-promoted");

        // Assert
        lines.ShouldNotContain("### Firing alerts");
    }

    private async Task<string[]> RenderAsync(string fixture, IReadOnlyList<ReportAlert>? alerts = null) =>
        MarkdownRenderer.Render(await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path).WithFiringAlerts(alerts))).Split('\n');

    public void Dispose() => _scratch.Dispose();
}
