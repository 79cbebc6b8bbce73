using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// One test's monitoring stack: a unique app, its own state directory and free ports for the four addresses, everything
/// labelled with the test run. Disposing removes everything labelled with the app (already gone counts as removed)
/// and the state directory, whatever the test did.
/// </summary>
public sealed class MonitoringScope : IAsyncDisposable
{
    private readonly IDockerClient _docker;

    public MonitoringScope(MonitoringFixture fixture, Func<MonitoringOptions, MonitoringOptions>? options = null)
    {
        _docker = fixture.Client;
        Image = fixture.Image;
        App = "m" + Guid.NewGuid().ToString("N")[..10];
        StateDirectory = Path.Combine(Path.GetTempPath(), "slipway-monitoring-tests", App);
        var monitoring = new MonitoringOptions
        {
            PrometheusAddress = $"127.0.0.1:{FreePort.Next()}",
            AlertmanagerAddress = $"127.0.0.1:{FreePort.Next()}",
            EdgeMetricsAddress = $"127.0.0.1:{FreePort.Next()}",
            EdgeLogAddress = $"127.0.0.1:{FreePort.Next()}",
        };
        Request = new DeployRequest
        {
            App = App,
            Environment = "test",
            EdgeAddress = $"127.0.0.1:{FreePort.Next()}",
            StateDirectory = StateDirectory,
            ExtraLabels = TestRun.Labels,
            Monitoring = options?.Invoke(monitoring) ?? monitoring,
        };
        Log = new TestLog();
        Stack = new MonitoringStack(_docker, Request, Log.Logger);
    }

    public string App { get; }

    public string Image { get; }

    public string StateDirectory { get; }

    public DeployRequest Request { get; }

    public TestLog Log { get; }

    public MonitoringStack Stack { get; }

    public PrometheusClient Prometheus => new(Stack.Endpoints.Prometheus);

    public AlertmanagerClient Alertmanager => new(Stack.Endpoints.Alertmanager);

    /// <summary>Another stack object for the same environment, with changed settings (as the next deploy would build it).</summary>
    public MonitoringStack With(Func<MonitoringOptions, MonitoringOptions> change) =>
        new(_docker, Request with { Monitoring = change(Request.Monitoring) }, Log.Logger);

    public async Task<IList<ContainerListResponse>> ContainersAsync() =>
        await _docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={App}"] = true } },
        });

    public async ValueTask DisposeAsync()
    {
        var cleanup = new Cleanup();
        await cleanup.RunAsync($"remove what app '{App}' left", () => LabelledResources.RemoveAsync(_docker, $"{ContainerLabels.App}={App}"));
        cleanup.DeleteDirectory(StateDirectory);
        cleanup.ThrowIfAnyFailed();
    }
}
