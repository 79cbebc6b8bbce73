using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The real stack on free ports: Prometheus, Alertmanager and mtail from the monitoring image, asked through their APIs.</summary>
[Collection(MonitoringCollection.Name)]
public sealed partial class MonitoringStackTests(MonitoringFixture fixture, ITestOutputHelper output)
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
