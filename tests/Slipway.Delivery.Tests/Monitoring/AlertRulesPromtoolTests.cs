using Slipway.Delivery.Analysis;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// The generated rules (default definition, 1 min window, 30 s for) evaluated by <c>promtool test rules</c> over
/// series written here: each alert fires when it should and stays quiet when it should not. Samples are 1 s apart;
/// "0+8x180" is a counter growing by 8 a second for 3 minutes.
/// </summary>
[Collection(MonitoringCollection.Name)]
public sealed class AlertRulesPromtoolTests(MonitoringFixture fixture) : IDisposable
{
    private const string Instance = "127.0.0.1:8081";
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-promtool-").FullName;

    [Fact]
    public async Task TheErrorRateAlertFiresAtTwentyPercent5xx()
    {
        // Arrange
        var series = Requests("blue", ok: 8, errors: 2);
        var expected = Alert(("severity", "critical"), ("colour", "blue")) with
        {
            Summary = "Colour blue answers 80% of requests without a 5xx, below the SLO of 99%",
            Description = "Over the last 60s the edge answered 80% of colour blue's requests without a 5xx (429s left out, at least 20 requests). The SLO is 99%.",
        };

        // Act
        var (exitCode, output) = await PromtoolAsync(series, AlertRules.ErrorRateOverSlo, expected);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheErrorRateAlertStaysQuietAtHalfAPercent5xx()
    {
        // Act
        var (exitCode, output) = await PromtoolAsync(Requests("blue", ok: 199, errors: 1), AlertRules.ErrorRateOverSlo);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheErrorRateAlertWaitsForEnoughRequests()
    {
        // Arrange: every answer is a 5xx, but there are only 6 a minute (the definition wants 20)
        var series = new[] { Series($"{EdgeMetrics.Requests}{{colour=\"green\",code=\"503\"}}", "0+0.1x180") };

        // Act
        var (exitCode, output) = await PromtoolAsync(series, AlertRules.ErrorRateOverSlo);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheP99AlertFiresWhenRequestsTakeOverTheBound()
    {
        // Arrange: every request takes between 1 s and 2 s
        var series = Latency("green", fast: 0, slow: 10);
        var expected = Alert(("severity", "warning"), ("colour", "green")) with
        {
            Summary = "Colour green has a p99 latency of 1.99s, over the SLO of 1s",
            Description = "Over the last 60s the 99th percentile of the edge's request time for colour green was 1.99s (at least 20 requests). The SLO is 1s.",
        };

        // Act
        var (exitCode, output) = await PromtoolAsync(series, AlertRules.P99OverSlo, expected);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheP99AlertStaysQuietWhenRequestsAreFast()
    {
        // Act
        var (exitCode, output) = await PromtoolAsync(Latency("green", fast: 10, slow: 0), AlertRules.P99OverSlo);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheServiceDownAlertFiresWhenItsScrapeFails()
    {
        // Arrange
        var series = new[] { Series($"up{{job=\"service\",instance=\"{Instance}\",colour=\"blue\",release=\"1.2.0\"}}", "0x180") };
        var expected = Alert(("severity", "critical"), ("job", "service"), ("instance", Instance), ("colour", "blue"), ("release", "1.2.0")) with
        {
            Summary = $"Colour blue at {Instance} does not answer its metrics scrape",
            Description = $"Prometheus could not scrape /metrics of colour blue (release 1.2.0) at {Instance} for 30s: the service is down or refuses the metrics credential.",
        };

        // Act
        var (exitCode, output) = await PromtoolAsync(series, AlertRules.ServiceDown, expected);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheServiceDownAlertStaysQuietWhileScrapesSucceed()
    {
        // Act
        var (exitCode, output) = await PromtoolAsync([Series($"up{{job=\"service\",instance=\"{Instance}\",colour=\"blue\"}}", "1x180")], AlertRules.ServiceDown);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task TheModelNotReadyAlertFiresForAModelThatIsNotReady()
    {
        // Arrange
        var series = new[]
        {
            Series($"{AlertRules.ModelReadyMetric}{{job=\"service\",instance=\"{Instance}\",colour=\"green\",model=\"minilm\",version=\"2\"}}", "0x180"),
            Series($"{AlertRules.ModelReadyMetric}{{job=\"service\",instance=\"{Instance}\",colour=\"green\",model=\"minilm\",version=\"1\"}}", "1x180"),
        };
        var expected = Alert(("severity", "warning"), ("job", "service"), ("instance", Instance), ("colour", "green"), ("model", "minilm"), ("version", "2")) with
        {
            Summary = "Model minilm version 2 is not ready on colour green",
            Description = $"Colour green at {Instance} reports model minilm version 2 not loaded or not warmed up for 30s; its inference requests fail.",
        };

        // Act
        var (exitCode, output) = await PromtoolAsync(series, AlertRules.ModelNotReady, expected);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task PromtoolFailsWhenAnExpectedAlertDoesNotFire()
    {
        // Arrange: half a percent of 5xx is within the SLO, so expecting the alert is wrong
        var expected = Alert(("severity", "critical"), ("colour", "blue"));

        // Act
        var (exitCode, output) = await PromtoolAsync(Requests("blue", ok: 199, errors: 1), AlertRules.ErrorRateOverSlo, expected);

        // Assert
        exitCode.ShouldNotBe(0, output);
        output.ShouldContain("FAILED");
        output.ShouldContain(AlertRules.ErrorRateOverSlo);
    }

    public void Dispose() => new Cleanup().DeleteDirectory(_directory);

    private static Dictionary<string, object> Series(string series, string values) => new() { ["series"] = series, ["values"] = values };

    private static Dictionary<string, object>[] Requests(string colour, double ok, double errors) =>
    [
        Series($"{EdgeMetrics.Requests}{{colour=\"{colour}\",code=\"200\"}}", $"0+{ok}x180"),
        Series($"{EdgeMetrics.Requests}{{colour=\"{colour}\",code=\"500\"}}", $"0+{errors}x180"),
    ];

    /// <summary>Requests per second under 0.5 s and between 1 s and 2 s, as histogram buckets and as the request counter.</summary>
    private static Dictionary<string, object>[] Latency(string colour, int fast, int slow) =>
    [
        Series($"{EdgeMetrics.Duration}_bucket{{colour=\"{colour}\",le=\"0.5\"}}", $"0+{fast}x180"),
        Series($"{EdgeMetrics.Duration}_bucket{{colour=\"{colour}\",le=\"1\"}}", $"0+{fast}x180"),
        Series($"{EdgeMetrics.Duration}_bucket{{colour=\"{colour}\",le=\"2\"}}", $"0+{fast + slow}x180"),
        Series($"{EdgeMetrics.Duration}_bucket{{colour=\"{colour}\",le=\"+Inf\"}}", $"0+{fast + slow}x180"),
        Series($"{EdgeMetrics.Requests}{{colour=\"{colour}\",code=\"200\"}}", $"0+{fast + slow}x180"),
    ];

    private static ExpectedAlert Alert(params (string Name, string Value)[] labels) => new(labels.ToDictionary(l => l.Name, l => l.Value), null, null);

    /// <summary>Writes the rules and a promtool test evaluating one alert at 2 min, then runs promtool on them.</summary>
    private async Task<(long ExitCode, string Output)> PromtoolAsync(IReadOnlyList<Dictionary<string, object>> series, string alert, ExpectedAlert? expected = null)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "rules.yml"), AlertRules.Render(new AnalysisDefinition(), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)));
        var expectedAlerts = expected is null
            ? new List<object>()
            : [new Dictionary<string, object>
            {
                ["exp_labels"] = expected.Labels,
                ["exp_annotations"] = expected.Summary is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["summary"] = expected.Summary, ["description"] = expected.Description! },
            }];
        var test = new Dictionary<string, object>
        {
            ["rule_files"] = new[] { "rules.yml" },
            ["evaluation_interval"] = "1s",
            ["tests"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["interval"] = "1s",
                    ["input_series"] = series,
                    ["alert_rule_test"] = new[] { new Dictionary<string, object> { ["eval_time"] = "2m", ["alertname"] = alert, ["exp_alerts"] = expectedAlerts } },
                },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(_directory, "test.yml"), YamlText.Write(test));
        return await MonitoringTools.RunAsync(fixture.Client, fixture.Image, _directory, "/tests", "promtool", "test", "rules", "/tests/test.yml");
    }

    private sealed record ExpectedAlert(Dictionary<string, string> Labels, string? Summary, string? Description);
}
