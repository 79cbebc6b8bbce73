using System.Text.Json;
using Json.Schema;
using Slipway.Delivery.Reporting;

namespace Slipway.Delivery.Tests.Reporting;

public sealed class ReportWriterTests : IDisposable
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(ReportFixtures.SchemaPath));
    private readonly ScratchDirectory _scratch = new();

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public async Task WritesTheHtmlMarkdownAndJsonReports(string fixture)
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path));
        var output = Path.Combine(_scratch.Path, "report");

        // Act
        var files = await ReportWriter.WriteAsync(report, output);

        // Assert
        files.Html.ShouldBe(Path.Combine(output, "index.html"));
        new[] { files.Html, files.Markdown, files.Json }.ShouldAllBe(f => new FileInfo(f).Length > 1000);
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("canary-rolled-back")]
    [InlineData("canary-promoted")]
    public async Task WritesTheMarkdownItIsExpectedTo(string fixture)
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path));
        var expectedPath = Path.Combine(ReportFixtures.Directory(fixture), "expected.md");

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert
        var actual = await File.ReadAllTextAsync(files.Markdown);
        if (!File.Exists(expectedPath) || actual != await File.ReadAllTextAsync(expectedPath))
        {
            var received = Path.Combine(Path.GetTempPath(), "slipway-report-received", fixture + ".md");
            Directory.CreateDirectory(Path.GetDirectoryName(received)!);
            await File.WriteAllTextAsync(received, actual);
            actual.ShouldBe(File.Exists(expectedPath) ? await File.ReadAllTextAsync(expectedPath) : "",
                $"report.md differs from {expectedPath}; the new text is in {received}. If the change is intended, copy it over the expected file.");
        }
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("canary-rolled-back")]
    [InlineData("canary-promoted")]
    public async Task WritesJsonThatMatchesItsDocumentedSchema(string fixture)
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path));

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(files.Json));
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public async Task WritesJsonThatTheSchemaRejectsWhenAFieldIsRenamed()
    {
        // Arrange: the schema must be strict enough to catch a drifting shape.
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);
        var renamed = (await File.ReadAllTextAsync(files.Json)).Replace("\"linesCovered\"", "\"coveredLines\"", StringComparison.Ordinal);

        // Act
        using var document = JsonDocument.Parse(renamed);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Assert
        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task WritesTheKeyFiguresIntoTheJson()
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(files.Json));
        var root = document.RootElement;
        root.GetProperty("headline").GetProperty("outcome").GetString().ShouldBe("Succeeded");
        root.GetProperty("tests").GetProperty("passed").GetInt32().ShouldBe(7);
        root.GetProperty("coverage").GetProperty("lineRate").GetDouble().ShouldBe(0.8);
        root.GetProperty("latency").GetProperty("latencyMs").GetProperty("p99").GetDouble().ShouldBe(9.611);
        root.GetProperty("delivery").GetProperty("changeFailureRate").GetDouble().ShouldBe(0.4);
        root.GetProperty("image").GetProperty("available").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task WritesTheRolloutAndTheFiringAlertsIntoTheJson()
    {
        // Arrange
        var alert = new ReportAlert("SlipwayCanaryErrors", new Dictionary<string, string> { ["colour"] = "green" }, "green answers 5xx", ReportFixtures.Now.AddMinutes(-59));
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("canary-rolled-back", _scratch.Path).WithFiringAlerts([alert]));

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(files.Json));
        Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid.ShouldBeTrue();
        var rollout = document.RootElement.GetProperty("deployment").GetProperty("rollout");
        rollout.GetProperty("strategy").GetString().ShouldBe("canary");
        rollout.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()).ShouldBe([10, 0]);
        rollout.GetProperty("traffic")[1].GetProperty("offsetSeconds").GetDouble().ShouldBe(20.5);
        rollout.GetProperty("traffic")[1].GetProperty("weights").GetProperty("blue").GetInt32().ShouldBe(100);
        var failed = rollout.GetProperty("checks")[1];
        (failed.GetProperty("metric").GetString(), failed.GetProperty("verdict").GetString(), failed.GetProperty("value").GetDouble(), failed.GetProperty("baseline").GetDouble())
            .ShouldBe(("success-rate", "fail", 0.8246, 1.0));
        failed.GetProperty("query").GetString()!.ShouldStartWith("1 - (sum(increase(slipway_edge_requests_total{colour=\"green\",code=~\"5..\"}[12s]))");
        rollout.GetProperty("checksFailed").GetInt32().ShouldBe(1);
        rollout.GetProperty("probes").GetProperty("minCosine").GetDouble().ShouldBe(0.9993);
        rollout.GetProperty("probeLoadFailed").GetInt32().ShouldBe(10);
        rollout.GetProperty("alertmanager").GetString().ShouldBe("http://127.0.0.1:9093");
        document.RootElement.GetProperty("deployment").GetProperty("latest").GetProperty("strategy").GetString().ShouldBe("canary");
        var alerts = document.RootElement.GetProperty("alerts");
        alerts.GetProperty("available").GetBoolean().ShouldBeTrue();
        alerts.GetProperty("firing")[0].GetProperty("labels").GetProperty("colour").GetString().ShouldBe("green");
    }

    [Fact]
    public async Task WritesJsonThatTheSchemaRejectsWhenARolloutFieldIsRenamed()
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("canary-promoted", _scratch.Path));
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);
        var renamed = (await File.ReadAllTextAsync(files.Json)).Replace("\"threshold\"", "\"bound\"", StringComparison.Ordinal);

        // Act
        using var document = JsonDocument.Parse(renamed);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Assert
        result.IsValid.ShouldBeFalse();
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public async Task NeverWritesASecret(string fixture)
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path));

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert: the token the run record failed to mask, and the password on the command line.
        foreach (var file in new[] { files.Html, files.Markdown, files.Json })
        {
            var text = await File.ReadAllTextAsync(file);
            text.ShouldNotContain("ghp_plaintextTokenThatMustNotLeak");
            text.ShouldNotContain("hunter2");
        }
    }

    [Fact]
    public async Task EncodesTextFromTheInputsInHtmlAndMarkdown()
    {
        // Arrange: a failed test's message holds <script> and <b> tags.
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert
        var html = await File.ReadAllTextAsync(files.Html);
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<b>");
        html.ShouldContain("&lt;script&gt;alert(&#39;report&#39;)&lt;/script&gt;");
        var markdown = await File.ReadAllTextAsync(files.Markdown);
        markdown.ShouldNotContain("<script");
        markdown.ShouldContain("&lt;script&gt;");
    }

    [Fact]
    public async Task WritesAPageWithNoExternalAssetOrScript()
    {
        // Arrange
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Act
        var files = await ReportWriter.WriteAsync(report, _scratch.Path);

        // Assert
        var html = await File.ReadAllTextAsync(files.Html);
        html.ShouldContain("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<link");
        html.ShouldNotContain("src=");
        html.ShouldNotContain("url(");
        System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count.ShouldBe(5); // the training section's confusion matrix is the fifth
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).Take(20));

    public void Dispose() => _scratch.Dispose();
}
