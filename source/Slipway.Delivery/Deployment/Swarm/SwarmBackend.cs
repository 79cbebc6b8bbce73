using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Deployment.Gates;

namespace Slipway.Delivery.Deployment.Swarm;

/// <summary>
/// Deploys an environment as a Docker Swarm service: replicas on an attachable overlay network with DNS round-robin
/// endpoints (this kernel has no IP_VS, so neither VIPs nor the ingress mesh work), rolling updates one task at a
/// time, start-first, with the image's health check, <c>failure_action=rollback</c>. The edge joins the overlay
/// network and publishes the stable address on 127.0.0.1. An automatic rollback is reported as a failed deploy.
/// </summary>
internal sealed partial class SwarmBackend : Backends.IDeploymentBackend
{
    public const string ImageIdLabel = "org.slipway.image-id";

    private readonly IDockerClient _docker;
    private readonly ILogger _log;

    private readonly Backends.DeployImages _images;

    public SwarmBackend(IDockerClient docker, Backends.DeployImages images, ILogger? log = null)
    {
        _docker = docker ?? throw new ArgumentNullException(nameof(docker));
        _images = images;
        _log = log ?? Serilog.Log.Logger;
    }

    public static string ServiceName(DeployRequest request) => $"{request.App}-{request.Environment}";

    public async Task<bool> EdgeRunsAsync(DeployRequest request, CancellationToken cancellationToken) =>
        await DockerOperations.TryInspectAsync(_docker, Deployer.ContainerName(request, "edge"), cancellationToken).ConfigureAwait(false) is { State.Running: true };

    /// <summary>Swarm moves traffic by its own rolling update; the strategy is always blue/green here (canary is refused when the request is validated).</summary>
    public async Task<DeploymentOutcome> DeployAsync(DeploymentAttempt attempt, string image, Strategies.IDeploymentStrategy strategy, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        await EnsureManagerAsync(cancellationToken).ConfigureAwait(false);
        var imageInfo = await _docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        var reference = imageInfo.RepoTags?.FirstOrDefault(tag => tag != "<none>:<none>") ?? imageInfo.ID;
        var endpoint = $"http://{request.EdgeAddress}/";
        attempt.Update(entry => entry with { ImageId = imageInfo.ID, ImageReference = reference, Endpoint = endpoint, Colour = "swarm", Strategy = "rolling-update" });

        var name = ServiceName(request);
        var network = await EnsureNetworkAsync(request, cancellationToken).ConfigureAwait(false);
        var existing = await TryInspectServiceAsync(name, cancellationToken).ConfigureAwait(false);
        var previousImageId = existing?.Spec?.TaskTemplate?.ContainerSpec?.Labels?.TryGetValue(ImageIdLabel, out var id) == true ? id : null;
        attempt.Update(entry => entry with { PreviousImageId = previousImageId });

        var edge = new NginxEdge(_docker, Deployer.ContainerName(request, "edge"), Deployer.EdgeDirectory(request), request.EdgeEndPoint, _log);
        if (existing is not null && previousImageId == imageInfo.ID && existing.UpdateStatus?.State is null or "completed"
            && await edge.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            var same = $"Swarm service '{name}' already runs image {imageInfo.ID}; nothing changed.";
            return DeploymentOutcome.Unchanged(same) with { ImageId = imageInfo.ID, PreviousImageId = previousImageId, Colour = "swarm", Endpoint = endpoint };
        }

        var spec = Spec(request, name, network, reference, imageInfo.ID);
        DeploymentOutcome? failedUpdate = null;
        await attempt.PhaseAsync("rollout", async () =>
        {
            if (existing is null)
            {
                var created = await _docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec }, cancellationToken).ConfigureAwait(false);
                _log.Information("Swarm service {Service} created with {Replicas} replicas of {Image}", name, request.Replicas, reference);
                try
                {
                    await WaitForHealthyTasksAsync(request, name, imageInfo.ID, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is DeploymentFailedException or OperationCanceledException)
                {
                    // A first deploy that never became healthy leaves nothing behind.
                    await _docker.Swarm.RemoveServiceAsync(created.ID ?? name, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }
            else
            {
                await _docker.Swarm.UpdateServiceAsync(existing.ID, new ServiceUpdateParameters { Service = spec, Version = (long)(existing.Version?.Index ?? 0) }, cancellationToken).ConfigureAwait(false);
                _log.Information("Swarm service {Service} updating to {Image} (start-first, one task at a time, rollback on failure)", name, reference);
                failedUpdate = await WaitForUpdateAsync(attempt, name, cancellationToken).ConfigureAwait(false);
                if (failedUpdate is null)
                {
                    await WaitForHealthyTasksAsync(request, name, imageInfo.ID, cancellationToken).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
        if (failedUpdate is not null)
        {
            return failedUpdate with { ImageId = imageInfo.ID, PreviousImageId = previousImageId };
        }

        await attempt.PhaseAsync("switch", async () =>
        {
            if (!await edge.IsRunningAsync(cancellationToken).ConfigureAwait(false))
            {
                var edgeImage = await _docker.Images.InspectImageAsync(await _images.EdgeAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                var labels = ContainerLabels.For(request, ContainerLabels.EdgeRole);
                await edge.StartOnNetworkAsync(edgeImage.ID, network, name, request.SwarmServicePort, labels, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        await attempt.PhaseAsync("verify", async () =>
        {
            try
            {
                foreach (var model in request.ResolvedSmokeModels)
                    await CandidateGates.SmokeAsync(new Uri(endpoint), model, request.ClientApiKey, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is GateFailedException or HttpRequestException)
            {
                throw new DeploymentFailedException($"The Swarm service '{name}' rolled out, but the smoke inference through the edge {endpoint} failed: {exception.Message}");
            }
        }).ConfigureAwait(false);

        var message = $"Swarm service '{name}' runs image {imageInfo.ID} on {request.Replicas} healthy task(s), served at {endpoint}.";
        _log.Information("{Message}", message);
        return DeploymentOutcome.Promoted(message) with { ImageId = imageInfo.ID, PreviousImageId = previousImageId, Colour = "swarm", Endpoint = endpoint };
    }

    public async Task<IReadOnlyList<string>> RemoveAsync(DeploymentAttempt attempt, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var removed = new List<string>();
        var name = ServiceName(request);
        if (await TryInspectServiceAsync(name, cancellationToken).ConfigureAwait(false) is { } service)
        {
            await _docker.Swarm.RemoveServiceAsync(service.ID, cancellationToken).ConfigureAwait(false);
            removed.Add("service " + name);
        }

        // The edge container holds the network: remove it before the network.
        await DockerOperations.RemoveIfPresentAsync(_docker, Deployer.ContainerName(request, "edge"), cancellationToken).ConfigureAwait(false);
        // Tasks detach from the network asynchronously: retry the removal until the network is gone (at most 30 s).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? lastError = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var networks = await _docker.Networks.ListNetworksAsync(new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
            }, cancellationToken).ConfigureAwait(false);
            var network = networks.FirstOrDefault(n => n.Name == name);
            if (network is null)
            {
                lastError = null;
                break;
            }

            try
            {
                await _docker.Networks.DeleteNetworkAsync(network.ID, cancellationToken).ConfigureAwait(false);
                if (!removed.Contains("network " + name))
                {
                    removed.Add("network " + name);
                }
            }
            catch (DockerApiException exception)
            {
                lastError = exception.Message;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        if (lastError is not null)
        {
            throw new DeploymentFailedException($"The overlay network '{name}' could not be removed within 30 s: {lastError}. Remove it with 'docker network rm {name}' once its tasks are gone.");
        }

        return removed;
    }

    private static ServiceSpec Spec(DeployRequest request, string name, string network, string reference, string imageId)
    {
        var labels = ContainerLabels.For(request, ContainerLabels.ServiceRole);
        // Swarm routes REST only: the edge reaches no task's gRPC port, so the tasks run with gRPC off
        var environment = new List<string> { $"ASPNETCORE_URLS=http://0.0.0.0:{request.SwarmServicePort.ToString(CultureInfo.InvariantCulture)}", $"{Backends.EngineBackend.GrpcUrlVariable}=" };
        environment.AddRange(request.ServiceEnvironment.Select(pair => $"{pair.Key}={pair.Value}"));
        return new ServiceSpec
        {
            Name = name,
            Labels = labels,
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = reference,
                    Env = environment,
                    Labels = new Dictionary<string, string>(labels) { [ImageIdLabel] = imageId },
                    StopGracePeriod = request.DrainGrace,
                    // Healthcheck left null: the image's HEALTHCHECK gates each task.
                },
                Networks = [new NetworkAttachmentConfig { Target = network }],
                RestartPolicy = new SwarmRestartPolicy { Condition = "any", Delay = TimeSpan.FromSeconds(1), MaxAttempts = 3, Window = TimeSpan.FromSeconds(30) },
            },
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)request.Replicas } },
            UpdateConfig = new SwarmUpdateConfig
            {
                Parallelism = 1,
                Order = "start-first",
                FailureAction = "rollback",
                Monitor = TimeSpan.FromSeconds(5),
                Delay = TimeSpan.FromSeconds(1),
                MaxFailureRatio = 0,
            },
            RollbackConfig = new SwarmUpdateConfig
            {
                Parallelism = 1,
                Order = "start-first",
                FailureAction = "pause",
                Monitor = TimeSpan.FromSeconds(5),
                MaxFailureRatio = 0,
            },
            // No IP_VS here: a virtual IP cannot be programmed, DNS round-robin needs none.
            EndpointSpec = new EndpointSpec { Mode = "dnsrr" },
        };
    }
}
