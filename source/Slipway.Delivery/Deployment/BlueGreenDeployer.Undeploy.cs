using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Swarm;

namespace Slipway.Delivery.Deployment;

public sealed partial class BlueGreenDeployer
{
    private async Task<DeployResult> RemoveEnvironmentAsync(DeploymentAttempt attempt, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var removed = new List<string>();
        if (request.Backend == DeploymentBackend.Swarm)
        {
            removed.AddRange(await new SwarmDeployer(_docker, _log).RemoveAsync(request, cancellationToken).ConfigureAwait(false));
        }

        await attempt.PhaseAsync("remove", async () =>
        {
            // The edge goes first so nothing routes to a service that is stopping.
            foreach (var edge in await EnvironmentContainersAsync(request, ContainerLabels.EdgeRole, cancellationToken).ConfigureAwait(false))
            {
                await DockerOperations.RemoveIfPresentAsync(_docker, edge.ID, cancellationToken).ConfigureAwait(false);
                removed.Add(edge.Names.FirstOrDefault()?.TrimStart('/') ?? edge.ID);
            }

            var services = await EnvironmentContainersAsync(request, ContainerLabels.ServiceRole, cancellationToken).ConfigureAwait(false);
            // Swarm task containers go with their service.
            foreach (var service in services.Where(c => c.Labels?.ContainsKey("com.docker.swarm.task.id") != true))
            {
                if (service.State == "running")
                {
                    await StopGracefullyAsync(service.ID, request.DrainGrace, cancellationToken).ConfigureAwait(false);
                }

                await DockerOperations.RemoveIfPresentAsync(_docker, service.ID, cancellationToken).ConfigureAwait(false);
                removed.Add(service.Names.FirstOrDefault()?.TrimStart('/') ?? service.ID);
            }

            var edgeDirectory = EdgeDirectory(request);
            if (Directory.Exists(edgeDirectory))
            {
                Directory.Delete(edgeDirectory, recursive: true);
            }
        }).ConfigureAwait(false);

        var outcome = removed.Count == 0 ? LedgerOutcomes.Unchanged : LedgerOutcomes.Succeeded;
        var message = removed.Count == 0
            ? $"Nothing of '{request.App}' runs in '{request.Environment}'; nothing removed."
            : $"Removed from '{request.Environment}': {string.Join(", ", removed)}.";
        _log.Information("{Message}", message);
        var entry = await attempt.FinishAsync(outcome, message, null).ConfigureAwait(false);
        return new DeployResult(removed.Count == 0 ? DeployOutcome.Unchanged : DeployOutcome.Succeeded, request.Environment, "", "", null, null, attempt.Phases, entry, message);
    }
}
