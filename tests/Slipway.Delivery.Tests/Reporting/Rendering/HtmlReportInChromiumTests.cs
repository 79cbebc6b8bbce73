using Slipway.Delivery.Reporting;

namespace Slipway.Delivery.Tests.Reporting.Rendering;

/// <summary>The HTML report opened in real headless Chromium at desktop and phone widths.</summary>
public sealed class HtmlReportInChromiumTests : IAsyncLifetime
{
    private readonly ScratchDirectory _scratch = new();
    private HeadlessChromium _browser = null!;

    public static TheoryData<string, int, bool> Layouts => new()
    {
        { "succeeded", 1280, false },
        { "succeeded", 390, true },
        { "failed", 1280, false },
        { "failed", 390, true },
        { "canary-rolled-back", 1280, false },
        { "canary-rolled-back", 390, true },
        { "canary-promoted", 1280, false },
        { "canary-promoted", 390, true },
    };

    public async Task InitializeAsync() => _browser = await HeadlessChromium.LaunchAsync();

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task ShowsTheReportWithoutErrorsOrRequestsOutsideThePage(string fixture, int width, bool phone)
    {
        // Arrange
        var page = await OpenAsync(fixture, width, phone);

        // Act
        var screenshot = await page.ScreenshotAsync();
        await SaveScreenshotAsync($"{fixture}-{width}.png", screenshot);

        // Assert
        screenshot.Take(8).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        page.Errors().ShouldBeEmpty();
        page.RequestedUrls().ShouldAllBe(url => url.StartsWith("file://", StringComparison.Ordinal));
        (await page.EvaluateAsync("document.querySelectorAll('svg.chart').length")).GetInt32().ShouldBeGreaterThanOrEqualTo(2);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task FitsTheScreenWidthWithWideTablesScrollingInsideTheirBox(string fixture, int width, bool phone)
    {
        // Act
        var page = await OpenAsync(fixture, width, phone);

        // Assert
        (await page.EvaluateAsync("window.innerWidth")).GetInt32().ShouldBe(width);
        (await page.EvaluateAsync("document.documentElement.scrollWidth")).GetInt32().ShouldBeLessThanOrEqualTo(width);
    }

    [Fact]
    public async Task ShowsTheKeyFiguresOfASucceededRun()
    {
        // Act
        var page = await OpenAsync("succeeded", 1280, phone: false);
        var text = (await page.EvaluateAsync("document.body.innerText")).GetString()!;

        // Assert
        text.ShouldContain("Pipeline succeeded · tests 7/8 passed · coverage 80.0% · deploy succeeded (1.4.0) · p95 7.99 ms");
        text.ShouldContain("211.2 MB");
        text.ShouldContain("reused");
        text.ShouldContain("9.61 ms");
        text.ShouldContain("0.1/day");
        text.ShouldContain("40.0%");
        text.ShouldContain("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2");
        (await page.EvaluateAsync("document.querySelectorAll('#targets svg rect.bar').length")).GetInt32().ShouldBe(9);
        (await page.EvaluateAsync("document.querySelectorAll('#latency svg rect.bar').length")).GetInt32().ShouldBe(7);
    }

    [Fact]
    public async Task ShowsTheTrainedChampionsMetricsConfusionMatrixAndChallengerSideBySide()
    {
        // Act
        var page = await OpenAsync("succeeded", 1280, phone: false);
        var text = (await page.EvaluateAsync("document.querySelector('#training').innerText")).GetString()!;

        // Assert
        text.ShouldContain("support-router · champion 1");
        text.ShouldContain("challenger 2");
        text.ShouldContain("0.9722");
        text.ShouldContain("support-requests/requests.tsv sha256");
        var classes = (await page.EvaluateAsync("document.querySelectorAll('#training svg.confusion rect.cm').length")).GetInt32();
        classes.ShouldBe(25);
        (await page.EvaluateAsync("document.querySelectorAll('#training svg.confusion rect.diagonal').length")).GetInt32().ShouldBe(5);
        (await page.EvaluateAsync("document.querySelector('#training svg.confusion').getBoundingClientRect().width")).GetDouble().ShouldBeGreaterThan(200);
    }

    [Fact]
    public async Task ShowsTheFailuresOfAFailedRunAsText()
    {
        // Act
        var page = await OpenAsync("failed", 1280, phone: false);
        var text = (await page.EvaluateAsync("document.body.innerText")).GetString()!;

        // Assert
        text.ShouldContain("Pipeline failed at Test · tests 2 of 8 failed");
        text.ShouldContain("but was <script>alert('report')</script>");
        text.ShouldContain("failed its readiness gate");
        text.ShouldContain("Not available.");
        (await page.EvaluateAsync("document.querySelectorAll('script').length")).GetInt32().ShouldBe(0);
        (await page.EvaluateAsync("document.querySelectorAll('details.failure').length")).GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task ShowsTheCanaryOfARolledBackDeployWithItsFailedCheckInTheErrorColour()
    {
        // Act
        var page = await OpenAsync("canary-rolled-back", 1280, phone: false);
        var text = (await page.EvaluateAsync("document.querySelector('#rollout').innerText")).GetString()!;

        // Assert: the rendered text, the three charts, and the query as the browser decoded it.
        text.ShouldContain("analysis of step 10% failed");
        text.ShouldContain("82.46%");
        text.ShouldContain(">= 99.0%");
        (await page.EvaluateAsync("document.querySelectorAll('#rollout svg.chart').length")).GetInt32().ShouldBe(3);
        (await page.EvaluateAsync("document.querySelectorAll('#rollout svg polyline.traffic').length")).GetInt32().ShouldBe(1);
        (await page.EvaluateAsync("getComputedStyle(document.querySelector('#rollout .badge.v-fail')).backgroundColor")).GetString().ShouldBe("rgb(207, 34, 46)");
        (await page.EvaluateAsync("getComputedStyle(document.querySelector('#rollout circle.pt.v-fail')).fill")).GetString().ShouldBe("rgb(207, 34, 46)");
        (await page.EvaluateAsync("document.querySelectorAll('#rollout code.query')[1].textContent")).GetString()!
            .ShouldStartWith("1 - (sum(increase(slipway_edge_requests_total{colour=\"green\",code=~\"5..\"}[12s]))");
        page.Errors().ShouldBeEmpty();
    }

    private async Task<ChromiumPage> OpenAsync(string fixture, int width, bool phone)
    {
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, Path.Combine(_scratch.Path, fixture)));
        var files = await ReportWriter.WriteAsync(report, Path.Combine(_scratch.Path, fixture, "report"));
        var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(width, phone ? 844 : 900, phone);
        await page.NavigateAsync(new Uri(files.Html).AbsoluteUri);
        return page;
    }

    /// <summary>Kept in artifacts/test-results/report-screenshots so a person can look at them after the run.</summary>
    private static async Task SaveScreenshotAsync(string name, byte[] png)
    {
        var directory = Path.Combine(ReportFixtures.RepositoryRoot, "artifacts", "test-results", "report-screenshots");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, name), png);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _scratch.Dispose();
    }
}
