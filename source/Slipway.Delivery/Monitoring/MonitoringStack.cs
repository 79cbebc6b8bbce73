using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Serilog;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Monitoring;

/// <summary>
/// An environment's monitoring: three containers of <see cref="MonitoringImage"/> on the host network, listening on
/// 127.0.0.1 only: mtail (<c>&lt;app&gt;-&lt;env&gt;-edge-metrics</c>) turns the edge's syslog lines into metrics,
/// Prometheus (<c>-prometheus</c>) scrapes mtail and the service containers and evaluates the alert rules, Alertmanager
/// (<c>-alertmanager</c>) sends what fires to the webhook. Their generated configuration lives in one host directory
/// mounted read-only into all three.
/// </summary>
/// <example>
/// <code>
/// var monitoring = new MonitoringStack(docker, request, log);
/// await monitoring.EnsureAsync(await MonitoringImage.EnsureAsync(docker, log));
/// await monitoring.SetTargetsAsync([new ScrapeTarget("127.0.0.1:8081", "blue", "1.2.0", imageId, modelDigest)]);
/// </code>
/// </example>
public sealed partial class MonitoringStack
{
    private readonly IDockerClient _docker;
    private readonly DeployRequest _request;
    private readonly ILogger _log;
    private readonly IPEndPoint _prometheus;
    private readonly IPEndPoint _alertmanager;
    private readonly IPEndPoint _edgeMetrics;
    private readonly IPEndPoint _edgeLog;

    /// <exception cref="DeployRequestException">The request's edge address or monitoring settings are not valid (every problem is listed).</exception>
    public MonitoringStack(IDockerClient docker, DeployRequest request, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var problems = request.Monitoring.Problems().ToList();
        if (!IPEndPoint.TryParse(request.EdgeAddress, out var edge) || edge.Port == 0)
            problems.Add($"EdgeAddress '{request.EdgeAddress}' is not an address with a port; the monitoring ports derive from it (use e.g. '127.0.0.1:8080').");
        if (problems.Count > 0)
            throw new DeployRequestException(problems);

        _docker = docker;
        _request = request;
        _log = log;
        _prometheus = request.Monitoring.ResolvePrometheus(edge!);
        _alertmanager = request.Monitoring.ResolveAlertmanager(edge!);
        _edgeMetrics = request.Monitoring.ResolveEdgeMetrics(edge!);
        _edgeLog = request.Monitoring.ResolveEdgeLog(edge!);
        PrometheusContainer = $"{request.App}-{request.Environment}-prometheus";
        AlertmanagerContainer = $"{request.App}-{request.Environment}-alertmanager";
        EdgeMetricsContainer = $"{request.App}-{request.Environment}-edge-metrics";
        ConfigDirectory = Path.GetFullPath(Path.Combine(request.ResolvedStateDirectory, request.Environment, "monitoring"));
        Endpoints = new MonitoringEndpoints(
            MonitoringHttp.BaseAddress(_prometheus), MonitoringHttp.BaseAddress(_alertmanager), MonitoringHttp.BaseAddress(_edgeMetrics), _edgeLog);
    }

    public string PrometheusContainer { get; }

    public string AlertmanagerContainer { get; }

    /// <summary>The mtail container.</summary>
    public string EdgeMetricsContainer { get; }

    /// <summary>The host directory holding the generated configuration (<see cref="MonitoringFiles"/>).</summary>
    public string ConfigDirectory { get; }

    public MonitoringEndpoints Endpoints { get; }

    /// <summary>How long each container has to answer after it was started.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Brings the stack to what the request describes, and can be called any number of times: (re)writes the
    /// configuration, creates missing containers, starts stopped ones, recreates one whose image or arguments changed,
    /// reloads Prometheus and Alertmanager when their configuration is newer than what they loaded (restarts mtail when
    /// its program is), then waits until all three answer. Containers that already run as asked are kept, with their data.
    /// </summary>
    /// <param name="image">The monitoring image (<see cref="MonitoringImage.EnsureAsync"/>).</param>
    /// <exception cref="DeploymentFailedException">A container did not start or answer: names it, its address, a likely cause and its last log lines.</exception>
    public async Task<MonitoringEndpoints> EnsureAsync(string image, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        var clock = Stopwatch.StartNew();
        var changed = await WriteConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (changed.Count > 0)
            _log.Information("Monitoring configuration of {App}/{Environment} written to {Directory}: {Files}", _request.App, _request.Environment, ConfigDirectory, string.Join(", ", changed));

        // mtail and Alertmanager first, so Prometheus's first scrape and first alert find them.
        var started = new List<StartedComponent>();
        foreach (var component in Components())
            started.Add(await EnsureContainerAsync(component, image, cancellationToken).ConfigureAwait(false));

        await Task.WhenAll(started.Select(s => WaitUntilAnswersAsync(s, cancellationToken))).ConfigureAwait(false);
        foreach (var kept in started.Where(s => s.Outcome == ContainerOutcome.Kept && s.Component.ReloadPath is not null))
            await ReloadIfStaleAsync(kept.Component, cancellationToken).ConfigureAwait(false);

        _log.Information(
            "Monitoring of {App}/{Environment} answers after {Seconds} s ({Outcomes}): Prometheus {Prometheus}, Alertmanager {Alertmanager}, edge metrics {EdgeMetrics}, edge log udp://{EdgeLog}",
            _request.App, _request.Environment, Math.Round(clock.Elapsed.TotalSeconds, 1), string.Join(", ", started.Select(s => $"{s.Component.Container} {s.Outcome.ToString().ToLowerInvariant()}")),
            Endpoints.Prometheus, Endpoints.Alertmanager, Endpoints.EdgeMetrics, _edgeLog);
        return Endpoints;
    }

    /// <summary>
    /// Replaces the service targets Prometheus scrapes: the targets file is written beside the old one and renamed over
    /// it, and Prometheus's file discovery picks it up within seconds; nothing restarts or reloads.
    /// </summary>
    /// <exception cref="ArgumentException">A target is not valid (every problem is listed).</exception>
    public async Task SetTargetsAsync(IReadOnlyList<ScrapeTarget> targets, CancellationToken cancellationToken = default)
    {
        var text = ScrapeTargetsFile.Render(targets);
        Directory.CreateDirectory(ConfigDirectory);
        await WriteIfChangedAsync(MonitoringFiles.TargetsFile, text, cancellationToken).ConfigureAwait(false);
        _log.Information("Monitoring of {App}/{Environment} scrapes {Count} service target(s): {Targets}",
            _request.App, _request.Environment, targets.Count, string.Join(", ", targets.Select(t => $"{t.Colour}@{t.Address}")));
    }

    /// <summary>Removes the three containers and the configuration directory; what is already gone counts as removed.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in new[] { PrometheusContainer, AlertmanagerContainer, EdgeMetricsContainer })
            await DockerOperations.RemoveIfPresentAsync(_docker, container, cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        _log.Information("Monitoring of {App}/{Environment} removed", _request.App, _request.Environment);
    }
}
