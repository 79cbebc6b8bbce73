using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The real stack on free ports: Prometheus, Alertmanager and mtail from the monitoring image, asked through their APIs.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class MonitoringStackTests(MonitoringFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task EnsureStartsPrometheusAlertmanagerAndMtailAndEachIsScraped()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        var clock = Stopwatch.StartNew();

        // Act
        var endpoints = await scope.Stack.EnsureAsync(fixture.Image);
        output.WriteLine($"The stack answered {clock.Elapsed.TotalSeconds:0.0} s after EnsureAsync started.");

        // Assert
        var containers = await scope.ContainersAsync();
        containers.Select(c => c.Names.Single().TrimStart('/')).ShouldBe([scope.Stack.PrometheusContainer, scope.Stack.AlertmanagerContainer, scope.Stack.EdgeMetricsContainer], ignoreOrder: true);
        containers.ShouldAllBe(c => c.State == "running" && c.Labels[ContainerLabels.Role] == ContainerLabels.MonitoringRole && c.Labels[ContainerLabels.TestRun] == TestRun.Id);
        (await Http.GetStringAsync(new Uri(endpoints.Prometheus, "-/ready"))).ShouldContain("Ready");
        (await Http.GetStringAsync(new Uri(endpoints.Alertmanager, "-/ready"))).ShouldBe("OK");
        await Eventually.UntilAsync(async () =>
        {
            var up = (await scope.Prometheus.TargetsAsync()).Where(t => t.IsUp).Select(t => t.ScrapePool).ToHashSet();
            return up.SetEquals(["edge", "alertmanager", "prometheus"]);
        }, "Prometheus to scrape mtail, Alertmanager and itself", Patience);
    }

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

    [Fact]
    public async Task EnsuringTwiceKeepsTheContainersAndReloadsNothing()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        await scope.Stack.EnsureAsync(fixture.Image);
        var started = await StartTimesAsync(scope);
        var loaded = await LoadTimesAsync(scope);

        // Act
        await scope.Stack.EnsureAsync(fixture.Image);

        // Assert
        (await StartTimesAsync(scope)).ShouldBe(started);
        (await LoadTimesAsync(scope)).ShouldBe(loaded);
        scope.Log.Messages.Last().ShouldContain($"{scope.Stack.PrometheusContainer} kept");
    }

    [Fact]
    public async Task AChangedConfigurationIsReloadedWithoutARestart()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        await scope.Stack.EnsureAsync(fixture.Image);
        var started = await StartTimesAsync(scope);
        var changed = scope.With(options => options with { ScrapeInterval = TimeSpan.FromSeconds(2), AlertWebhook = new Uri("http://127.0.0.1:5001/changed") });

        // Act
        await changed.EnsureAsync(fixture.Image);

        // Assert
        (await StartTimesAsync(scope)).ShouldBe(started);
        using var prometheus = JsonDocument.Parse(await Http.GetStringAsync(new Uri(changed.Endpoints.Prometheus, "api/v1/status/config")));
        prometheus.RootElement.GetProperty("data").GetProperty("yaml").GetString().ShouldNotBeNull().ShouldContain("scrape_interval: 2s");
        using var alertmanager = JsonDocument.Parse(await Http.GetStringAsync(new Uri(changed.Endpoints.Alertmanager, "api/v2/status")));
        alertmanager.RootElement.GetProperty("config").GetProperty("original").GetString().ShouldNotBeNull().ShouldContain("http://127.0.0.1:5001/changed");
    }

    [Fact]
    public async Task AStoppedContainerIsStartedAgain()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        await scope.Stack.EnsureAsync(fixture.Image);
        await fixture.Client.Containers.StopContainerAsync(scope.Stack.EdgeMetricsContainer, new Docker.DotNet.Models.ContainerStopParameters { WaitBeforeKillSeconds = 1 });

        // Act
        var endpoints = await scope.Stack.EnsureAsync(fixture.Image);

        // Assert
        (await Http.GetStringAsync(endpoints.EdgeMetrics)).ShouldContain("mtail");
        (await scope.ContainersAsync()).ShouldAllBe(c => c.State == "running");
    }

    [Fact]
    public async Task RemoveTakesAwayTheContainersAndTheConfiguration()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        await scope.Stack.EnsureAsync(fixture.Image);

        // Act
        await scope.Stack.RemoveAsync();

        // Assert
        (await scope.ContainersAsync()).ShouldBeEmpty();
        Directory.Exists(scope.Stack.ConfigDirectory).ShouldBeFalse();
        await Should.NotThrowAsync(() => scope.Stack.RemoveAsync(), "what is already gone counts as removed");
    }

    [Fact]
    public async Task APortAlreadyTakenFailsNamingTheContainerTheAddressAndTheCause()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        var prometheus = IPEndPoint.Parse(scope.Request.Monitoring.PrometheusAddress!);
        using var squatter = new TcpListener(prometheus);
        squatter.Start();

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Stack.EnsureAsync(fixture.Image));

        // Assert
        failure.Message.ShouldContain($"'{scope.Stack.PrometheusContainer}'");
        failure.Message.ShouldContain($"{prometheus} is already in use by another process");
        failure.Message.ShouldContain("Monitoring.PrometheusAddress");
    }

    [Fact]
    public async Task AnImageNotOnTheEngineFailsNamingTheContainerAndHowToGetIt()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Stack.EnsureAsync("slipway/monitoring:not-bootstrapped"));

        // Assert
        failure.Message.ShouldContain($"'{scope.Stack.EdgeMetricsContainer}'");
        failure.Message.ShouldContain("MonitoringImage.EnsureAsync");
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

    /// <summary>Each container's id and start time: a recreated or restarted container changes one of them.</summary>
    private async Task<Dictionary<string, string>> StartTimesAsync(MonitoringScope scope)
    {
        var times = new Dictionary<string, string>();
        foreach (var name in new[] { scope.Stack.PrometheusContainer, scope.Stack.AlertmanagerContainer, scope.Stack.EdgeMetricsContainer })
        {
            var inspect = await fixture.Client.Containers.InspectContainerAsync(name);
            times[name] = $"{inspect.ID} {inspect.State?.StartedAt}";
        }

        return times;
    }

    /// <summary>When Prometheus and Alertmanager last loaded their configuration (their own gauges).</summary>
    private static async Task<(string Prometheus, string Alertmanager)> LoadTimesAsync(MonitoringScope scope)
    {
        static async Task<string> GaugeAsync(Uri address, string name) =>
            (await Http.GetStringAsync(new Uri(address, "metrics"))).Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal));

        return (await GaugeAsync(scope.Stack.Endpoints.Prometheus, "prometheus_config_last_reload_success_timestamp_seconds"),
            await GaugeAsync(scope.Stack.Endpoints.Alertmanager, "alertmanager_config_last_reload_success_timestamp_seconds"));
    }
}
