using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Deployment.Swarm;

internal sealed partial class SwarmBackend
{
    private async Task EnsureManagerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _docker.Swarm.InspectSwarmAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception) when (exception.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotAcceptable)
        {
            throw new DeploymentFailedException(
                "The environment is configured for Swarm but this Docker engine is not a Swarm manager. " +
                "Run 'docker swarm init --advertise-addr 127.0.0.1' (or point DOCKER_HOST at a manager), then deploy again.", exception);
        }
    }

    private async Task<string> EnsureNetworkAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var name = ServiceName(request);
        var networks = await _docker.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken).ConfigureAwait(false);
        if (networks.FirstOrDefault(network => network.Name == name) is { } existing)
        {
            return existing.Name;
        }

        await _docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = name,
            Driver = "overlay",
            Attachable = true,
            Labels = ContainerLabels.For(request),
        }, cancellationToken).ConfigureAwait(false);
        return name;
    }

    private async Task<SwarmService?> TryInspectServiceAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _docker.Swarm.InspectServiceAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Follows the service's UpdateStatus until the update completes (null); an automatic rollback or a paused update is the outcome returned.</summary>
    private async Task<DeploymentOutcome?> WaitForUpdateAsync(DeploymentAttempt attempt, string name, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var timeout = request.GateTimeout * (request.Replicas + 1);
        var clock = Stopwatch.StartNew();
        string? lastState = null;
        while (true)
        {
            var service = await _docker.Swarm.InspectServiceAsync(name, cancellationToken).ConfigureAwait(false);
            var state = service.UpdateStatus?.State;
            if (state != lastState)
            {
                _log.Information("Swarm service {Service} update: {State} {Message}", name, state ?? "(none)", service.UpdateStatus?.Message ?? "");
                lastState = state;
            }

            switch (state)
            {
                case "completed":
                    return null;
                case "rollback_completed" or "rollback_paused" or "paused" or "rollback_started":
                    if (state == "rollback_started")
                    {
                        break; // wait for the rollback to finish before reporting
                    }

                    var (reason, logs) = await DescribeFailedTasksAsync(service.ID, cancellationToken).ConfigureAwait(false);
                    var message = $"The Swarm update of '{name}' failed and was {(state == "rollback_completed" ? "rolled back automatically; the previous version serves" : $"left '{state}'")}: " +
                                  $"{service.UpdateStatus?.Message}. {reason}";
                    return (state == "rollback_completed" ? DeploymentOutcome.RolledBack(message) : DeploymentOutcome.Failed(message)) with { Logs = logs, Endpoint = $"http://{request.EdgeAddress}/" };
            }

            if (clock.Elapsed > timeout)
            {
                throw new DeploymentFailedException(
                    $"The Swarm update of '{name}' did not finish within {timeout.TotalSeconds:0} s (state '{state}'). Inspect it with 'docker service ps {name}'.");
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the wanted number of tasks run the image and each task's container reports healthy.</summary>
    private async Task WaitForHealthyTasksAsync(DeployRequest request, string name, string imageId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var timeout = request.GateTimeout * request.Replicas;
        var healthy = 0;
        while (true)
        {
            var tasks = await RunningTasksAsync(name, cancellationToken).ConfigureAwait(false);
            healthy = 0;
            foreach (var task in tasks.Where(t => t.Spec?.ContainerSpec?.Labels?.TryGetValue(ImageIdLabel, out var id) == true && id == imageId))
            {
                var containerId = task.Status?.ContainerStatus?.ContainerID;
                if (task.Status?.State == TaskState.Running && containerId is not null
                    && await DockerOperations.TryInspectAsync(_docker, containerId, cancellationToken).ConfigureAwait(false) is { } container
                    && (container.State?.Health is null || container.State.Health.Status == "healthy"))
                {
                    healthy++;
                }
            }

            if (healthy >= request.Replicas)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                var (reason, logs) = await DescribeFailedTasksAsync(name, cancellationToken).ConfigureAwait(false);
                throw new DeploymentFailedException(
                    $"Only {healthy} of {request.Replicas} tasks of '{name}' became healthy within {timeout.TotalSeconds:0} s. {reason}", logs, null);
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The tasks the service wants running.</summary>
    public async Task<IList<TaskResponse>> RunningTasksAsync(string service, CancellationToken cancellationToken = default) =>
        await _docker.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["service"] = new Dictionary<string, bool> { [service] = true },
                ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
            },
        }, cancellationToken).ConfigureAwait(false);

    private async Task<(string Reason, string? Logs)> DescribeFailedTasksAsync(string service, CancellationToken cancellationToken)
    {
        var tasks = await _docker.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [service] = true } },
        }, cancellationToken).ConfigureAwait(false);
        var failed = tasks
            .Where(t => t.Status is not null && (!string.IsNullOrEmpty(t.Status.Err) || t.Status.State is TaskState.Failed or TaskState.Rejected))
            .OrderByDescending(t => t.Status!.Timestamp)
            .ToList();
        if (failed.Count == 0)
        {
            return ("No task reported an error.", null);
        }

        var latest = failed[0];
        var status = latest.Status!;
        var reason = $"Latest failed task {latest.ID[..12]}: {status.State} — {status.Err ?? status.Message}.";
        var logs = status.ContainerStatus?.ContainerID is { Length: > 0 } container
            ? await DockerOperations.TailLogsAsync(_docker, container, 40, cancellationToken).ConfigureAwait(false)
            : null;
        return (reason, logs);
    }
}
