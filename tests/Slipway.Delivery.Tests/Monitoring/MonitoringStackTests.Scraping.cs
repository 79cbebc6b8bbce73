using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>What the running stack collects: service targets, the edge's lines, alerts, the credential.</summary>
public sealed partial class MonitoringStackTests
{
    [Fact]
    public async Task AServiceTargetIsScrapedWithItsColourReleaseImageAndModelDigest()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        await using var service = HttpStandIn.Metrics("# TYPE slipway_inference_requests_total counter\nslipway_inference_requests_total{model=\"minilm\",version=\"1\",status=\"200\"} 42\n");
        await scope.Stack.EnsureAsync(fixture.Image);

        // Act
        await scope.Stack.SetTargetsAsync([new ScrapeTarget(service.Address, "blue", "1.2.0", "sha256:0123abcd", "sha256:feed4567")]);

        // Assert
        var target = await ServiceTargetAsync(scope, t => t.IsUp);
        target.Labels.ShouldContainKeyAndValue("colour", "blue");
        target.Labels.ShouldContainKeyAndValue("release", "1.2.0");
        target.Labels.ShouldContainKeyAndValue("image", "sha256:0123abcd");
        target.Labels.ShouldContainKeyAndValue("model_digest", "sha256:feed4567");
        target.Labels.ShouldContainKeyAndValue("instance", service.Address);
        var requests = await scope.Prometheus.QueryScalarAsync(
            "sum(slipway_inference_requests_total{colour=\"blue\",release=\"1.2.0\",model_digest=\"sha256:feed4567\",model=\"minilm\",version=\"1\",status=\"200\"})");
        requests.ShouldBe(42, "the service's own labels are kept as they are, beside the target's");
    }

    [Fact]
    public async Task MovedTargetsAreScrapedWithoutAnyContainerRestarting()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        await using var blue = HttpStandIn.Metrics("slipway_model_ready{model=\"m\",version=\"1\"} 1\n");
        await using var green = HttpStandIn.Metrics("slipway_model_ready{model=\"m\",version=\"2\"} 1\n");
        await scope.Stack.EnsureAsync(fixture.Image);
        await scope.Stack.SetTargetsAsync([new ScrapeTarget(blue.Address, "blue", "1", null, null)]);
        await ServiceTargetAsync(scope, t => t.IsUp && t.Labels["colour"] == "blue");
        var before = await StartTimesAsync(scope);

        // Act
        await scope.Stack.SetTargetsAsync([new ScrapeTarget(green.Address, "green", "2", null, null)]);

        // Assert
        await Eventually.UntilAsync(async () =>
        {
            var service = (await scope.Prometheus.TargetsAsync()).Where(t => t.ScrapePool == "service").ToList();
            return service.Count == 1 && service[0].IsUp && service[0].Labels["colour"] == "green";
        }, "Prometheus to scrape green instead of blue", Patience);
        (await StartTimesAsync(scope)).ShouldBe(before);
    }

    [Fact]
    public async Task EdgeLogLinesBecomeTheCountsAndLatencyBucketsTheAnalysisQueriesRead()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        var endpoints = await scope.Stack.EnsureAsync(fixture.Image);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var blue = AnalysisDefinition.ColourSelector("blue");
        var window = TimeSpan.FromMinutes(5);

        // Act: one line of each code first, so each counter has a sample before the batch (increase() counts from there)
        await SendAsync(udp, endpoints.EdgeLog, [EdgeLogLine.Format("blue", 200, 0.010), EdgeLogLine.Format("blue", 500, 0.300), EdgeLogLine.Format("blue", 429, 0.001)]);
        await UntilValueAsync(scope, $"sum({EdgeMetrics.Requests}{{{blue}}})", 3);
        var batch = Enumerable.Repeat(EdgeLogLine.Format("blue", 200, 0.010), 89)
            .Append(EdgeLogLine.Format("blue", 200, 0))
            .Concat(Enumerable.Repeat(EdgeLogLine.Format("blue", 500, 0.300), 9))
            .Concat(Enumerable.Repeat(EdgeLogLine.Format("blue", 429, 0.001), 3))
            .ToList();
        await SendAsync(udp, endpoints.EdgeLog, batch);

        // Assert: the raw series, exactly
        await UntilValueAsync(scope, $"sum({EdgeMetrics.Requests}{{{blue}}})", 105);
        (await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Requests}{{{blue},code=\"500\"}}")).ShouldBe(10);
        (await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Duration}_bucket{{{blue},le=\"0\"}}")).ShouldBe(1, "the request nginx timed at 0.000 s");
        (await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Duration}_bucket{{{blue},le=\"+Inf\"}}")).ShouldBe(105);
        (await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Duration}_count{{{blue}}}")).ShouldBe(105);

        // Assert: the analysis queries (increase() extrapolates a little, less the longer the series has been scraped)
        double? requests = null;
        await Eventually.UntilAsync(async () => (requests = await scope.Prometheus.QueryScalarAsync(AnalysisDefinition.RequestsQuery(blue, window))) is >= 99 and <= 99 * 1.2,
            $"the analysis to count the 99 answers that were not 429 (last: {requests})", Patience);
        var successRate = await scope.Prometheus.QueryScalarAsync(AnalysisDefinition.SuccessRateQuery(blue, window));
        successRate.ShouldNotBeNull().ShouldBe(90.0 / 99, 0.02);
        var p99 = await scope.Prometheus.QueryScalarAsync(AnalysisDefinition.P99Query(blue, window));
        p99.ShouldNotBeNull().ShouldBeInRange(0.2651, 0.331, "the slowest tenth took 0.300 s: the bucket (0.265, 0.331]");
    }

    [Fact]
    public async Task ASteadyStreamOfEdgeLinesIsCountedWithoutLosingAny()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        var endpoints = await scope.Stack.EnsureAsync(fixture.Image);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var green = AnalysisDefinition.ColourSelector("green");

        // Act: 400 lines over about 2 s, the way an edge serving 200 requests a second sends them
        for (var i = 0; i < 400; i++)
        {
            await SendAsync(udp, endpoints.EdgeLog, [EdgeLogLine.Format("green", 200, 0.004)]);
            if (i % 10 == 9)
                await Task.Delay(50);
        }

        // Assert
        await UntilValueAsync(scope, $"sum({EdgeMetrics.Requests}{{{green}}})", 400);
    }

    [Fact]
    public async Task AFiringAlertReachesTheWebhookAndIsListedByAlertmanager()
    {
        // Arrange
        await using var webhook = HttpStandIn.Start(_ => StandInAnswer.Text("ok"));
        await using var scope = new MonitoringScope(fixture, options => options with
        {
            AlertWebhook = new Uri(webhook.Url, "alerts"),
            AlertWindow = TimeSpan.FromSeconds(2),
            AlertFor = TimeSpan.Zero,
        });
        await scope.Stack.EnsureAsync(fixture.Image);
        var nothingListens = $"127.0.0.1:{FreePort.Next()}";

        // Act
        await scope.Stack.SetTargetsAsync([new ScrapeTarget(nothingListens, "blue", "1.2.0", null, null)]);

        // Assert
        await Eventually.UntilAsync(() => webhook.Requests.Any(r => r.Path == "/alerts" && FiringNames(r.Body).Contains(AlertRules.ServiceDown)),
            $"Alertmanager to post {AlertRules.ServiceDown} to the webhook", Patience);
        var firing = await scope.Alertmanager.FiringAsync();
        var down = firing.ShouldHaveSingleItem();
        down.Name.ShouldBe(AlertRules.ServiceDown);
        down.Labels.ShouldContainKeyAndValue("colour", "blue");
        down.Labels.ShouldContainKeyAndValue("instance", nothingListens);
        down.Labels.ShouldContainKeyAndValue("environment", "test");
        down.Summary.ShouldBe($"Colour blue at {nothingListens} does not answer its metrics scrape");
    }

    [Fact]
    public async Task AMetricsCredentialIsSentAsABearerTokenReadFromAnOwnerOnlyFile()
    {
        // Arrange
        var credential = "sk-" + Guid.NewGuid().ToString("N");
        await using var service = HttpStandIn.Start(request => request.Authorization == $"Bearer {credential}"
            ? StandInAnswer.Text("slipway_model_ready{model=\"m\",version=\"1\"} 1\n")
            : StandInAnswer.Text("missing API key", 401));
        await using var scope = new MonitoringScope(fixture, options => options with { MetricsCredential = credential });
        await scope.Stack.EnsureAsync(fixture.Image);

        // Act
        await scope.Stack.SetTargetsAsync([new ScrapeTarget(service.Address, "blue", null, null, null)]);

        // Assert
        await ServiceTargetAsync(scope, t => t.IsUp);
        service.Requests.ShouldContain(r => r.Authorization == $"Bearer {credential}");
        var file = Path.Combine(scope.Stack.ConfigDirectory, MonitoringFiles.CredentialFile);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await File.ReadAllTextAsync(Path.Combine(scope.Stack.ConfigDirectory, MonitoringFiles.PrometheusFile))).ShouldNotContain(credential);
        scope.Log.Text.ShouldNotContain(credential);
        scope.Request.Monitoring.ToString().ShouldNotContain(credential);
    }

    private static async Task<PrometheusTarget> ServiceTargetAsync(MonitoringScope scope, Func<PrometheusTarget, bool> condition)
    {
        PrometheusTarget? found = null;
        IReadOnlyList<PrometheusTarget> last = [];
        await Eventually.UntilAsync(async () =>
        {
            last = (await scope.Prometheus.TargetsAsync()).Where(t => t.ScrapePool == "service").ToList();
            found = last.FirstOrDefault(condition);
            return found is not null;
        }, "the service target to be scraped as asked", Patience);
        return found!;
    }

    private static async Task UntilValueAsync(MonitoringScope scope, string query, double expected)
    {
        double? last = null;
        await Eventually.UntilAsync(async () => (last = await scope.Prometheus.QueryScalarAsync(query)) == expected, $"'{query}' to be {expected}", Patience);
    }

    private static async Task SendAsync(UdpClient udp, IPEndPoint to, IEnumerable<string> lines)
    {
        foreach (var line in lines)
            await udp.SendAsync(Encoding.UTF8.GetBytes(line), to);
    }

    private static IReadOnlyList<string> FiringNames(string webhookBody)
    {
        using var json = JsonDocument.Parse(webhookBody);
        return json.RootElement.GetProperty("alerts").EnumerateArray()
            .Where(alert => alert.GetProperty("status").GetString() == "firing")
            .Select(alert => alert.GetProperty("labels").GetProperty("alertname").GetString() ?? "")
            .ToList();
    }
}
