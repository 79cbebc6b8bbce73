using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Deployment.Backends;

internal sealed partial class EngineBackend
{
    public async Task<IReadOnlyList<string>> RemoveAsync(DeploymentAttempt attempt, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var removed = new List<string>();

        // The edge goes first so nothing routes to a service that is stopping.
        foreach (var edge in await EnvironmentContainersAsync(request, ContainerLabels.EdgeRole, cancellationToken).ConfigureAwait(false))
        {
            await DockerOperations.RemoveIfPresentAsync(docker, edge.ID, cancellationToken).ConfigureAwait(false);
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

            await DockerOperations.RemoveIfPresentAsync(docker, service.ID, cancellationToken).ConfigureAwait(false);
            removed.Add(service.Names.FirstOrDefault()?.TrimStart('/') ?? service.ID);
        }

        ServiceKeyFile.RemoveExcept(request, []);
        var edgeDirectory = EdgeDirectory(request);
        if (Directory.Exists(edgeDirectory))
        {
            Directory.Delete(edgeDirectory, recursive: true);
        }

        return removed;
    }
}
