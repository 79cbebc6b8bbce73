using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Slipway.Delivery.Engine;

/// <summary>
/// Finds and removes what carries a label: Swarm services, containers, networks, volumes and images. A test run labels
/// everything it creates (<see cref="Deployment.Containers.ContainerLabels.TestRun"/>), then asks what is left.
/// </summary>
public static class LabelledResources
{
    private static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Everything carrying <paramref name="label"/> (<c>key</c> or <c>key=value</c>), services first, images last.</summary>
    public static async Task<IReadOnlyList<DockerResource>> ListAsync(IDockerClient docker, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        var found = new List<DockerResource>();

        found.AddRange((await ListServicesAsync(docker, filter, cancellationToken).ConfigureAwait(false))
            .Select(s => new DockerResource(DockerResourceKind.Service, s.ID, s.Spec?.Name ?? s.ID)));
        found.AddRange((await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken).ConfigureAwait(false))
            .Select(c => new DockerResource(DockerResourceKind.Container, c.ID, c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID)));
        found.AddRange((await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false))
            .Select(n => new DockerResource(DockerResourceKind.Network, n.ID, n.Name ?? n.ID)));
        found.AddRange(((await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false)).Volumes ?? [])
            .Select(v => new DockerResource(DockerResourceKind.Volume, v.Name, v.Name)));
        found.AddRange((await docker.Images.ListImagesAsync(new ImagesListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false))
            .Select(i => new DockerResource(DockerResourceKind.Image, i.ID, i.RepoTags?.FirstOrDefault(t => t != "<none>:<none>") ?? i.ID)));
        return found;
    }

    /// <summary>Removes everything carrying <paramref name="label"/>; returns what it removed.</summary>
    /// <exception cref="DockerResourceRemovalException">Some could not be removed (all others were): names each and why.</exception>
    public static async Task<IReadOnlyList<DockerResource>> RemoveAsync(IDockerClient docker, string label, CancellationToken cancellationToken = default) =>
        await RemoveAsync(docker, await ListAsync(docker, label, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Removes each resource, services first and images last. One that is already gone (or a container already being
    /// removed) counts as removed; one that fails never stops the others. What is still held (a network whose tasks are
    /// detaching, an image whose child goes later) is tried again until it goes or 30 s pass.
    /// </summary>
    /// <exception cref="DockerResourceRemovalException">Some could not be removed (all others were): names each and why.</exception>
    public static Task<IReadOnlyList<DockerResource>> RemoveAsync(IDockerClient docker, IEnumerable<DockerResource> resources, CancellationToken cancellationToken = default) =>
        RemoveAsync(docker, resources, RemovalTimeout, cancellationToken);

    internal static async Task<IReadOnlyList<DockerResource>> RemoveAsync(IDockerClient docker, IEnumerable<DockerResource> resources, TimeSpan retryFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(resources);
        var remaining = resources.Distinct().OrderBy(r => r.Kind).ToList();
        var removed = new List<DockerResource>();
        var failures = new Dictionary<DockerResource, Exception>();
        var deadline = DateTime.UtcNow + retryFor;
        while (remaining.Count > 0)
        {
            var progress = false;
            foreach (var resource in remaining.ToList())
            {
                try
                {
                    await RemoveOneAsync(docker, resource, cancellationToken).ConfigureAwait(false);
                    removed.Add(resource);
                    remaining.Remove(resource);
                    failures.Remove(resource);
                    progress = true;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures[resource] = exception;
                }
            }

            if (remaining.Count == 0 || (!progress && DateTime.UtcNow > deadline))
            {
                break;
            }

            if (!progress)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }

        return failures.Count > 0
            ? throw new DockerResourceRemovalException([.. remaining.Select(r => (r, failures[r]))])
            : removed;
    }

    /// <summary>Removes one resource; one that is already gone counts as removed.</summary>
    public static async Task RemoveOneAsync(IDockerClient docker, DockerResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            switch (resource.Kind)
            {
                case DockerResourceKind.Service:
                    await docker.Swarm.RemoveServiceAsync(resource.Id, cancellationToken).ConfigureAwait(false);
                    break;
                case DockerResourceKind.Container:
                    await docker.Containers.RemoveContainerAsync(resource.Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
                    break;
                case DockerResourceKind.Network:
                    await docker.Networks.DeleteNetworkAsync(resource.Id, cancellationToken).ConfigureAwait(false);
                    break;
                case DockerResourceKind.Volume:
                    await docker.Volumes.RemoveAsync(resource.Id, force: true, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await docker.Images.DeleteImageAsync(resource.Id, new ImageDeleteParameters { Force = true }, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (DockerApiException exception) when (IsAlreadyGone(exception, resource.Kind))
        {
        }
    }

    /// <summary>
    /// True when a removal failed only because the resource is gone: 404, or for a container a 409 saying its removal
    /// is already in progress. Swarm tasks' containers and services vanish on their own, so this is common, not rare.
    /// </summary>
    public static bool IsAlreadyGone(DockerApiException exception, DockerResourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode == HttpStatusCode.NotFound
            || (kind == DockerResourceKind.Container && exception.StatusCode == HttpStatusCode.Conflict
                && (exception.ResponseBody ?? exception.Message).Contains("already in progress", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<IList<SwarmService>> ListServicesAsync(IDockerClient docker, Dictionary<string, IDictionary<string, bool>> filter, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filter }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return []; // not a Swarm node: no services
        }
    }
}
