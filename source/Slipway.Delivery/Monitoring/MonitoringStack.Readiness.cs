using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Waiting;

namespace Slipway.Delivery.Monitoring;

public sealed partial class MonitoringStack
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    private static readonly HttpClient ProbeHttp = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>Polls until the component answers as itself; its container exiting or restarting ends the wait at once.</summary>
    private async Task WaitUntilAnswersAsync(StartedComponent started, CancellationToken cancellationToken)
    {
        var component = started.Component;
        try
        {
            await Poll.UntilAsync<Component>(async token =>
            {
                var inspect = await DockerOperations.TryInspectAsync(_docker, component.Container, token).ConfigureAwait(false);
                if (Exited(inspect, started.RestartCount) is { } exited)
                    throw await FailAsync(component, exited, token).ConfigureAwait(false);
                try
                {
                    var (status, body) = await MonitoringHttp.SendAsync(ProbeHttp, HttpMethod.Get, component.ReadyUri, (reason, inner) => new HttpRequestException(reason, inner), token)
                        .ConfigureAwait(false);
                    return status == HttpStatusCode.OK && body.Contains(component.ReadyMarker, StringComparison.Ordinal)
                        ? (component, "ready")
                        : (null, $"it answered {(int)status}: '{MonitoringHttp.Excerpt(body)}'");
                }
                catch (HttpRequestException exception)
                {
                    return (null, $"it does not answer yet ({exception.Message})");
                }
            }, ProbeInterval, StartTimeout, status => new NotAnsweringException(status), cancellationToken).ConfigureAwait(false);
        }
        catch (NotAnsweringException exception)
        {
            throw await FailAsync(component, $"it did not answer {component.ReadyUri} within {StartTimeout.TotalSeconds:0} s; last, {exception.Message}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string? Exited(ContainerInspectResponse? inspect, long restartsBefore) => inspect switch
    {
        null => "its container is gone",
        { State.Restarting: true } => $"it exited with code {inspect.State.ExitCode} and Docker is restarting it",
        { State.Running: false } => $"it exited with code {inspect.State?.ExitCode}",
        _ when inspect.RestartCount > restartsBefore => $"it exited (code {inspect.State?.ExitCode}) and Docker restarted it",
        _ => null,
    };

    /// <summary>
    /// The error for a component that did not come up, with its last log lines; a container that keeps exiting is
    /// stopped (kept for <c>docker logs</c>) so it does not restart in a loop.
    /// </summary>
    private async Task<DeploymentFailedException> FailAsync(Component component, string what, CancellationToken cancellationToken)
    {
        var logs = await DockerOperations.TailLogsAsync(_docker, component.Container, 30, cancellationToken).ConfigureAwait(false);
        try
        {
            await _docker.Containers.StopContainerAsync(component.Container, new ContainerStopParameters { WaitBeforeKillSeconds = 2 }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // gone already: nothing loops
        }

        var taken = component.Ports.FirstOrDefault(port => logs.Contains(port.EndPoint.ToString(), StringComparison.Ordinal) && logs.Contains("address already in use", StringComparison.Ordinal));
        var cause = taken is not null
            ? $"{taken.EndPoint} is already in use by another process; find it with 'ss -ltnup | grep :{taken.EndPoint.Port}', stop it, or set DeployRequest.Monitoring.{taken.Option} to a free address"
            : $"is {component.Addresses} free (another process listening there?), or did it reject its configuration in {ConfigDirectory}? Its log says which";
        return new DeploymentFailedException(
            $"The monitoring container '{component.Container}' ({component.Name} on {component.Addresses}) did not start: {what}. Likely cause: {cause}. "
            + $"It is stopped and kept for 'docker logs {component.Container}'; the next EnsureAsync starts it again.{Environment.NewLine}"
            + $"Last lines of its log:{Environment.NewLine}{logs}");
    }

    /// <summary>POSTs a reload when one of the component's files changed after it last loaded its configuration (or when that is unknown).</summary>
    private async Task ReloadIfStaleAsync(Component component, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri(component.ReadyUri, "/");
        var loadedAt = await LoadedAtAsync(component, baseAddress, cancellationToken).ConfigureAwait(false);
        var newest = component.ConfigFiles.Max(file => File.GetLastWriteTimeUtc(PathOf(file)));
        if (loadedAt is { } at && newest <= at.UtcDateTime)
            return;

        var (status, body) = await MonitoringHttp.SendAsync(MonitoringHttp.Shared, HttpMethod.Post, new Uri(baseAddress, component.ReloadPath),
            (reason, inner) => new DeploymentFailedException($"{component.Name} ('{component.Container}') did not answer the reload at {baseAddress}{component.ReloadPath}: {reason}.", inner!),
            cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new DeploymentFailedException(
                $"{component.Name} ('{component.Container}') rejected its changed configuration (HTTP {(int)status}: {MonitoringHttp.Excerpt(body)}) and keeps running the previous one. "
                + $"Check the files in {ConfigDirectory} with promtool check config / amtool check-config in the monitoring image, and read 'docker logs {component.Container}'.");
        }

        _log.Information("Monitoring container {Container} reloaded its changed configuration", component.Container);
    }

    /// <summary>When the component last loaded its configuration, from its own gauge; null when it does not say.</summary>
    private static async Task<DateTimeOffset?> LoadedAtAsync(Component component, Uri baseAddress, CancellationToken cancellationToken)
    {
        try
        {
            var (status, body) = await MonitoringHttp.SendAsync(ProbeHttp, HttpMethod.Get, new Uri(baseAddress, "metrics"), (reason, inner) => new HttpRequestException(reason, inner), cancellationToken)
                .ConfigureAwait(false);
            var prefix = component.LoadedMetric + " ";
            var line = status == HttpStatusCode.OK ? body.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) : null;
            return line is not null && double.TryParse(line.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private sealed class NotAnsweringException(string status) : Exception(status);
}
