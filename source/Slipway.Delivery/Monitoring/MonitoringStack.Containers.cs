using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Monitoring;

public sealed partial class MonitoringStack
{
    private const string PrometheusStorage = "/tmp/prometheus";
    private const string AlertmanagerStorage = "/tmp/alertmanager";

    private enum ContainerOutcome
    {
        Created,
        Started,
        Restarted,
        Kept,
    }

    private string Bind => $"{ConfigDirectory}:{MonitoringFiles.ContainerDirectory}:ro";

    /// <summary>mtail, Alertmanager, Prometheus: the order they start in.</summary>
    private IReadOnlyList<Component> Components()
    {
        var options = _request.Monitoring;
        var prometheusUrl = MonitoringHttp.BaseAddress(_prometheus);
        var alertmanagerUrl = MonitoringHttp.BaseAddress(_alertmanager);
        return
        [
            new Component(
                "mtail", EdgeMetricsContainer, $"http://{_edgeMetrics}/, udp://{_edgeLog}",
                [new(_edgeMetrics, ProtocolType.Tcp, nameof(MonitoringOptions.EdgeMetricsAddress)), new(_edgeLog, ProtocolType.Udp, nameof(MonitoringOptions.EdgeLogAddress))],
                ["mtail"],
                [
                    "--progs", MonitoringFiles.InContainer(MonitoringFiles.MtailDirectory),
                    "--logs", $"udp://{_edgeLog}",
                    "--address", _edgeMetrics.Address.ToString(),
                    "--port", _edgeMetrics.Port.ToString(CultureInfo.InvariantCulture),
                    "--emit_prog_label=false",
                    // mtail reads its UDP socket once per poll interval: at the default 250 ms it dropped 98% of 1000 lines
                    // sent over 2 s; at 1 ms it kept all of them
                    "--poll_interval", "1ms",
                    "--logtostderr",
                ],
                MonitoringHttp.BaseAddress(_edgeMetrics), "mtail", [MonitoringFiles.MtailFile], ReloadPath: null, LoadedMetric: null),
            new Component(
                "Alertmanager", AlertmanagerContainer, alertmanagerUrl.ToString(),
                [new(_alertmanager, ProtocolType.Tcp, nameof(MonitoringOptions.AlertmanagerAddress))],
                ["prometheus-alertmanager"],
                [
                    $"--config.file={MonitoringFiles.InContainer(MonitoringFiles.AlertmanagerFile)}",
                    $"--storage.path={AlertmanagerStorage}",
                    $"--web.listen-address={_alertmanager}",
                    $"--web.external-url={alertmanagerUrl}",
                    "--cluster.listen-address=", // no gossip port: one Alertmanager per environment
                ],
                new Uri(alertmanagerUrl, "-/ready"), "OK", [MonitoringFiles.AlertmanagerFile], "-/reload", "alertmanager_config_last_reload_success_timestamp_seconds"),
            new Component(
                "Prometheus", PrometheusContainer, prometheusUrl.ToString(),
                [new(_prometheus, ProtocolType.Tcp, nameof(MonitoringOptions.PrometheusAddress))],
                ["prometheus"],
                [
                    $"--config.file={MonitoringFiles.InContainer(MonitoringFiles.PrometheusFile)}",
                    $"--storage.tsdb.path={PrometheusStorage}",
                    $"--storage.tsdb.retention.time={PrometheusDuration.Format(options.Retention)}",
                    $"--storage.tsdb.retention.size={options.RetentionMegabytes.ToString(CultureInfo.InvariantCulture)}MB",
                    $"--web.listen-address={_prometheus}",
                    $"--web.external-url={prometheusUrl}",
                    "--web.enable-lifecycle", // POST /-/reload applies a changed configuration without a restart
                ],
                new Uri(prometheusUrl, "-/ready"), "Prometheus", [MonitoringFiles.PrometheusFile, MonitoringFiles.RulesFile], "-/reload", "prometheus_config_last_reload_success_timestamp_seconds"),
        ];
    }

    private async Task<StartedComponent> EnsureContainerAsync(Component component, string image, CancellationToken cancellationToken)
    {
        var existing = await DockerOperations.TryInspectAsync(_docker, component.Container, cancellationToken).ConfigureAwait(false);
        if (existing is not null && Matches(existing, component, image))
        {
            if (existing.State?.Running == true)
            {
                if (component.ReloadPath is not null || !ChangedSince(component, existing.State.StartedAt))
                    return new StartedComponent(component, ContainerOutcome.Kept, existing.RestartCount);

                await _docker.Containers.RestartContainerAsync(component.Container, new ContainerRestartParameters { WaitBeforeKillSeconds = 5 }, cancellationToken).ConfigureAwait(false);
                _log.Information("Monitoring container {Container} restarted: its configuration changed", component.Container);
                var restarted = await DockerOperations.TryInspectAsync(_docker, component.Container, cancellationToken).ConfigureAwait(false);
                return new StartedComponent(component, ContainerOutcome.Restarted, restarted?.RestartCount ?? existing.RestartCount);
            }

            EnsurePortsFree(component);
            await _docker.Containers.StartContainerAsync(component.Container, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
            _log.Information("Monitoring container {Container} was stopped and is started again", component.Container);
            return new StartedComponent(component, ContainerOutcome.Started, existing.RestartCount);
        }

        if (existing is not null)
        {
            _log.Information("Monitoring container {Container} is recreated: its image or arguments changed", component.Container);
            await DockerOperations.RemoveIfPresentAsync(_docker, component.Container, cancellationToken).ConfigureAwait(false);
        }

        EnsurePortsFree(component);
        try
        {
            await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = component.Container,
                Image = image,
                Entrypoint = [.. component.Entrypoint],
                Cmd = [.. component.Command],
                User = HostUser.Current ?? "",
                Labels = ContainerLabels.For(_request, ContainerLabels.MonitoringRole),
                HostConfig = new HostConfig
                {
                    NetworkMode = "host",
                    Binds = [Bind],
                    RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                },
            }, cancellationToken).ConfigureAwait(false);
            await _docker.Containers.StartContainerAsync(component.Container, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException exception)
        {
            throw new DeploymentFailedException(
                $"The monitoring container '{component.Container}' ({component.Name}) was not created: the image '{image}' is not on the engine. Pass the reference MonitoringImage.EnsureAsync returns (it bootstraps the image).", exception);
        }
        catch (DockerApiException exception) when (!DockerOperations.IsEngineFailure(exception))
        {
            throw await FailAsync(component, $"the engine could not start it: {exception.ResponseBody?.Trim() ?? exception.Message}", CancellationToken.None).ConfigureAwait(false);
        }

        _log.Information("Monitoring container {Container} ({Component}) started on {Addresses}", component.Container, component.Name, component.Addresses);
        return new StartedComponent(component, ContainerOutcome.Created, 0);
    }

    /// <summary>Runs the image with the arguments, user, mount and labels asked for now.</summary>
    private bool Matches(ContainerInspectResponse existing, Component component, string image) =>
        existing.Config is { } config
        && config.Image == image
        && (config.Entrypoint ?? []).SequenceEqual(component.Entrypoint)
        && (config.Cmd ?? []).SequenceEqual(component.Command)
        && (config.User ?? "") == (HostUser.Current ?? "")
        && existing.HostConfig?.Binds?.Contains(Bind) == true
        && ContainerLabels.For(_request, ContainerLabels.MonitoringRole).All(label => config.Labels?.TryGetValue(label.Key, out var value) == true && value == label.Value);

    /// <summary>True when a file of the component changed after its container started (Docker's time, RFC 3339 with nanoseconds).</summary>
    private bool ChangedSince(Component component, string? startedAt)
    {
        var text = startedAt is null ? "" : Nanoseconds().Replace(startedAt, "$1");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started))
            return true;
        return component.ConfigFiles.Any(file => File.GetLastWriteTimeUtc(PathOf(file)) > started.UtcDateTime);
    }

    // .NET reads at most seven digits of a fraction of a second
    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex Nanoseconds();

    /// <summary>A port another process holds would make the container exit at once; say so before starting it.</summary>
    private void EnsurePortsFree(Component component)
    {
        foreach (var port in component.Ports.Where(port => !IsFree(port.EndPoint, port.Protocol)))
        {
            var address = port.Protocol == ProtocolType.Udp ? $"udp://{port.EndPoint}" : port.EndPoint.ToString();
            throw new DeploymentFailedException(
                $"The monitoring container '{component.Container}' ({component.Name}) was not started: {address} is already in use by another process. "
                + $"Likely cause: another environment's monitoring or another program listens there; find it with 'ss -ltnup | grep :{port.EndPoint.Port}', "
                + $"stop it, or set DeployRequest.Monitoring.{port.Option} to a free address. (The container wrote no log: it was not started.)");
        }
    }

    private static bool IsFree(IPEndPoint endPoint, ProtocolType protocol)
    {
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream, protocol);
            if (protocol == ProtocolType.Tcp)
            {
                // as Prometheus, Alertmanager and mtail bind: connections of a previous container in TIME_WAIT do not count
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(endPoint);
            if (protocol == ProtocolType.Tcp)
                socket.Listen(1);
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }

    /// <param name="Addresses">What it listens on, for messages.</param>
    /// <param name="ReadyMarker">Text the answer to <paramref name="ReadyUri"/> contains when it is this component that answers.</param>
    /// <param name="ReloadPath">Where a POST applies a changed configuration; null: a change restarts the container.</param>
    /// <param name="LoadedMetric">The gauge holding when the configuration was last loaded.</param>
    private sealed record Component(
        string Name, string Container, string Addresses, IReadOnlyList<ListenPort> Ports, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Command,
        Uri ReadyUri, string ReadyMarker, IReadOnlyList<string> ConfigFiles, string? ReloadPath, string? LoadedMetric);

    private sealed record ListenPort(IPEndPoint EndPoint, ProtocolType Protocol, string Option);

    private sealed record StartedComponent(Component Component, ContainerOutcome Outcome, long RestartCount);
}
