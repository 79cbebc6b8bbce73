using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Deployment.Gates;
using Slipway.Delivery.Deployment.Strategies;
using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Deployment.Backends;

/// <summary>
/// Versions as colours (blue, green) on one Docker engine, host networking, behind the nginx edge: the candidate starts
/// on a free port beside the serving colour, passes the gates, and the strategy moves the edge's weights. The old colour
/// is stopped only once the new one has all traffic and its watch has passed.
/// </summary>
internal sealed partial class EngineBackend(IDockerClient docker, ILogger log, DeployImages images, MonitoringStack? monitoring, CandidateProbe? probe) : IDeploymentBackend
{
    private DeployImages Images => images;

    private ILogger Log => log;

    public const string Blue = "blue";
    public const string Green = "green";

    public static string ContainerName(DeployRequest request, string role) => $"{request.App}-{request.Environment}-{role}";

    public static string EdgeDirectory(DeployRequest request) => Path.Combine(request.ResolvedStateDirectory, request.Environment, "edge");

    public static string EdgeUrl(DeployRequest request) => $"http://{request.EdgeAddress}/";

    public async Task<bool> EdgeRunsAsync(DeployRequest request, CancellationToken cancellationToken) =>
        await EdgeFor(request).IsRunningAsync(cancellationToken).ConfigureAwait(false);

    public async Task<DeploymentOutcome> DeployAsync(DeploymentAttempt attempt, string image, IDeploymentStrategy strategy, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var imageInfo = await InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        var digest = imageInfo.RepoDigests?.FirstOrDefault() is { } repoDigest && repoDigest.Contains('@') ? repoDigest[(repoDigest.IndexOf('@') + 1)..] : null;
        attempt.Update(entry => entry with { ImageId = imageInfo.ID, ImageDigest = digest, Endpoint = EdgeUrl(request), Strategy = strategy.Name });

        var edge = EdgeFor(request);
        var current = edge.ReadCurrentUpstream();
        var edgeRunning = await edge.IsRunningAsync(cancellationToken).ConfigureAwait(false);
        var active = current is null
            ? null
            : await DockerOperations.TryInspectAsync(docker, ContainerName(request, current.Colour), cancellationToken).ConfigureAwait(false);
        if (active?.State?.Running != true)
        {
            active = null;
        }

        attempt.Update(entry => entry with { PreviousImageId = active?.Image });
        var baseline = active is null ? null : current!.Colour;
        if (active is not null && edgeRunning && active.Image == imageInfo.ID && current!.Canary is null)
        {
            var grpcEndpoint = current.RoutesGrpc ? request.EdgeGrpcUrl : null;
            var same = $"'{request.Environment}' already runs image {imageInfo.ID} ({current.Colour}, {EdgeUrl(request)}{(grpcEndpoint is null ? "" : $", gRPC {grpcEndpoint}")}); nothing changed.";
            log.Information("{Message}", same);
            return DeploymentOutcome.Unchanged(same) with { ImageId = imageInfo.ID, PreviousImageId = active.Image, Colour = current.Colour, Endpoint = EdgeUrl(request), GrpcEndpoint = grpcEndpoint };
        }

        if (active is not null && edgeRunning && current!.Canary is not null)
        {
            // an interrupted canary (the process was killed) left weights: everything goes back to the stable colour first
            log.Warning("The edge of {Environment} still sends {Percent}% to {Colour} from an interrupted canary; routing everything to {Stable} first",
                request.Environment, current.Canary.Percent, current.Canary.Colour, current.Colour);
            await edge.SwitchAsync(current with { Canary = null }, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            current = current with { Canary = null };
        }

        var colour = baseline == Blue ? Green : Blue;
        var candidateName = ContainerName(request, colour);
        attempt.Update(entry => entry with { Colour = colour });

        // Leftovers of an interrupted deploy (never the active container) are removed first.
        foreach (var stale in await EnvironmentContainersAsync(request, ContainerLabels.ServiceRole, cancellationToken).ConfigureAwait(false))
        {
            if (active is null || stale.ID != active.ID)
            {
                log.Information("Removing leftover container {Container}", stale.Names.FirstOrDefault());
                await DockerOperations.RemoveIfPresentAsync(docker, stale.ID, cancellationToken).ConfigureAwait(false);
            }
        }

        var activePort = PortLabel(active, ContainerLabels.Port);
        var port = FindFreePort(request.ResolvedFirstServicePort, [activePort, PortLabel(active, ContainerLabels.GrpcPort)], request);
        var grpcPort = SpeaksGrpc(imageInfo, request)
            ? FindFreePort(port + 1, [activePort, PortLabel(active, ContainerLabels.GrpcPort), port], request)
            : (int?)null;
        var candidateAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var candidateGrpc = grpcPort is { } g ? new Uri($"http://127.0.0.1:{g.ToString(CultureInfo.InvariantCulture)}") : null;
        log.Information("Candidate {Candidate} ({ImageId}) starts on {CandidateAddress}, gRPC {CandidateGrpcAddress}", candidateName, imageInfo.ID, candidateAddress, candidateGrpc?.ToString() ?? "off");

        var release = new EngineRelease(this, attempt, edge, edgeRunning && current is not null ? current : null, colour, port, grpcPort, baseline);
        try
        {
            return await RunCandidateAsync(attempt, release, image, imageInfo, strategy, edge, active, activePort, candidateName, colour, port, grpcPort, candidateAddress, candidateGrpc, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // the key files of colours whose container is gone (a discarded candidate, a drained old version) go with them
            await SweepKeyFilesAsync(request).ConfigureAwait(false);
        }
    }

    private async Task<DeploymentOutcome> RunCandidateAsync(DeploymentAttempt attempt, EngineRelease release, string image, ImageInspectResponse imageInfo, IDeploymentStrategy strategy, NginxEdge edge,
        ContainerInspectResponse? active, int? activePort, string candidateName, string colour, int port, int? grpcPort, Uri candidateAddress, Uri? candidateGrpc, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        try
        {
            await attempt.PhaseAsync("start", () => StartCandidateAsync(request, attempt, imageInfo, candidateName, colour, port, grpcPort, cancellationToken)).ConfigureAwait(false);
            var gates = new CandidateGates(docker, candidateName, candidateAddress, request.ResolvedSmokeModel, request.ClientApiKey);
            var hasHealthCheck = await attempt.PhaseAsync("ready", () => gates.WaitReadyAsync(request.GateTimeout, cancellationToken)).ConfigureAwait(false);
            if (!hasHealthCheck)
            {
                log.Warning("Image {ImageId} has no HEALTHCHECK; operators and Swarm see no health status for it", imageInfo.ID);
            }

            await attempt.PhaseAsync("smoke", async () =>
            {
                foreach (var model in request.ResolvedSmokeModels)
                    await CandidateGates.SmokeAsync(candidateAddress, model, request.ClientApiKey, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (candidateGrpc is not null)
            {
                await attempt.PhaseAsync("grpc", async () =>
                {
                    foreach (var model in request.ResolvedSmokeModels)
                        await CandidateGates.GrpcAsync(candidateAddress, candidateGrpc, model, request.ClientApiKey, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            await attempt.PhaseAsync("warm-up", () => gates.WarmUpAsync(request.WarmupRequests, cancellationToken)).ConfigureAwait(false);
            if (probe is not null)
            {
                var baselineAddress = activePort is { } p ? new Uri($"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}/") : null;
                await attempt.PhaseAsync("probes", () => probe(attempt, candidateAddress, baselineAddress, cancellationToken)).ConfigureAwait(false);
            }

            await SetTargetsAsync(request, active, (colour, port, imageInfo), cancellationToken).ConfigureAwait(false);
            var result = await strategy.RunAsync(release, cancellationToken).ConfigureAwait(false);
            if (!result.IsPromoted)
            {
                return await DiscardAsync(attempt, release, active, candidateName, image, result.Reason!).ConfigureAwait(false);
            }

            // The candidate now serves everything: let the engine restart it from here on.
            await docker.Containers.UpdateContainerAsync(candidateName, new ContainerUpdateParameters
            {
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            }, cancellationToken).ConfigureAwait(false);

            await attempt.PhaseAsync("drain", async () =>
            {
                await edge.WaitForWorkersGoneAsync(release.OldWorkers, request.DrainGrace + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                if (active is not null)
                {
                    await StopGracefullyAsync(active.ID, request.DrainGrace, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            await SetTargetsAsync(request, null, (colour, port, imageInfo), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is GateFailedException or DeploymentFailedException)
        {
            var gate = exception is GateFailedException failedGate ? failedGate.Gate : "switch";
            return await DiscardAsync(attempt, release, active, candidateName, image, $"Deploy of {image} to '{request.Environment}' failed at the '{gate}' gate: {exception.Message}", exception).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (release.Switched && active is not null)
            {
                await release.RouteBackQuietlyAsync().ConfigureAwait(false);
            }

            if (!release.Switched || active is not null)
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await DockerOperations.RemoveIfPresentAsync(docker, candidateName, cleanup.Token).ConfigureAwait(false);
                await SetTargetsAsync(request, active, null, cleanup.Token).ConfigureAwait(false);
                log.Warning("Deploy cancelled: candidate {Candidate} removed; the previous version keeps serving", candidateName);
            }

            throw;
        }
        catch (Exception exception) when (DockerOperations.IsEngineFailure(exception))
        {
            // Best effort: the engine may be gone; the next deploy removes what is left.
            try
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await DockerOperations.RemoveIfPresentAsync(docker, candidateName, cleanup.Token).ConfigureAwait(false);
            }
            catch (Exception cleanupFailure) when (DockerOperations.IsEngineFailure(cleanupFailure) || cleanupFailure is OperationCanceledException)
            {
                log.Warning("Could not remove candidate {Candidate}: {Error}", candidateName, cleanupFailure.Message);
            }

            throw;
        }

        var message = $"'{request.Environment}' now serves image {imageInfo.ID} ({colour}) at {EdgeUrl(request)}" +
                      (grpcPort is null ? "" : $" and gRPC at {request.EdgeGrpcUrl}") +
                      (active is null ? "." : $"; the previous image {active.Image} was drained and stopped and is kept for rollback.");
        log.Information("{Message}", message);
        return DeploymentOutcome.Promoted(message) with
        {
            ImageId = imageInfo.ID, PreviousImageId = active?.Image, Colour = colour, Endpoint = EdgeUrl(request), GrpcEndpoint = grpcPort is null ? null : request.EdgeGrpcUrl,
        };
    }

    /// <summary>After a failed gate or analysis: all traffic back on the baseline (when the candidate had some), the candidate removed.</summary>
    private async Task<DeploymentOutcome> DiscardAsync(DeploymentAttempt attempt, EngineRelease release, ContainerInspectResponse? active, string candidateName, string image, string reason, Exception? cause = null)
    {
        var request = attempt.Request;
        var logs = await DockerOperations.TailLogsAsync(docker, candidateName, 40, CancellationToken.None).ConfigureAwait(false);
        var tookTraffic = release.TookTraffic && active is not null;
        if (release.Switched && active is not null)
        {
            await release.RouteBackQuietlyAsync().ConfigureAwait(false);
        }

        if (release.TookTraffic)
        {
            // edge workers that still route to the candidate finish their requests before it goes
            await release.WaitForOldWorkersAsync().ConfigureAwait(false);
        }

        await DockerOperations.RemoveIfPresentAsync(docker, candidateName, CancellationToken.None).ConfigureAwait(false);
        await SetTargetsAsync(request, active, null, CancellationToken.None).ConfigureAwait(false);
        reason += tookTraffic ? " All traffic went back to the previous version and the candidate was removed." : "";
        reason += active is null ? "" : $" The previous version ({active.Image}) keeps serving at {EdgeUrl(request)}.";
        log.Error("{Reason}", reason);
        var outcome = tookTraffic ? DeploymentOutcome.RolledBack(reason) : DeploymentOutcome.Failed(reason);
        return outcome with { Logs = logs, Cause = cause, PreviousImageId = active?.Image, Endpoint = EdgeUrl(request) };
    }

    private async Task SetTargetsAsync(DeployRequest request, ContainerInspectResponse? active, (string Colour, int Port, ImageInspectResponse Image)? candidate, CancellationToken cancellationToken)
    {
        if (monitoring is null)
            return;
        var targets = new List<ScrapeTarget>();
        if (active?.Config?.Labels is { } labels && labels.TryGetValue(ContainerLabels.Port, out var port) && labels.TryGetValue(ContainerLabels.Colour, out var activeColour))
        {
            targets.Add(new ScrapeTarget($"127.0.0.1:{port}", activeColour, labels.TryGetValue(ImageLabelsVersion, out var release) ? release : null, active.Image,
                labels.TryGetValue(ContainerLabels.ModelDigest, out var modelDigest) ? modelDigest : null));
        }

        if (candidate is { } c)
        {
            targets.Add(new ScrapeTarget(EdgeUpstream.LocalServer(c.Port), c.Colour, request.Version, c.Image.ID, ModelDigestOf(request)));
        }

        try
        {
            await monitoring.SetTargetsAsync(targets, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            log.Warning("Could not update the scrape targets of {Environment}: {Error}", request.Environment, exception.Message);
        }
    }

    private const string ImageLabelsVersion = "org.opencontainers.image.version";

    private static string? ModelDigestOf(DeployRequest request) =>
        request.Models.Count == 0 ? null : string.Join(",", request.Models.Select(model => model.Sha256 ?? "unknown"));

    private NginxEdge EdgeFor(DeployRequest request) =>
        new(docker, ContainerName(request, "edge"), EdgeDirectory(request), request.EdgeEndPoint, log, monitoring?.Endpoints.EdgeLog, request.EdgeGrpcEndPoint);

    /// <summary>The variable the service reads its gRPC address from; empty turns gRPC off.</summary>
    internal const string GrpcUrlVariable = "Serving__GrpcUrl";

    /// <summary>
    /// Whether the image's service speaks gRPC: its configuration declares a non-empty <c>Serving__GrpcUrl</c> (the request's
    /// service environment may turn it off with an empty value).
    /// </summary>
    internal static bool SpeaksGrpc(ImageInspectResponse image, DeployRequest request)
    {
        if (request.ServiceEnvironment.TryGetValue(GrpcUrlVariable, out var overridden) && string.IsNullOrWhiteSpace(overridden))
            return false;
        var prefix = GrpcUrlVariable + "=";
        return image.Config?.Env?.Any(variable => variable.StartsWith(prefix, StringComparison.Ordinal) && variable.Length > prefix.Length) == true;
    }

    private static int? PortLabel(ContainerInspectResponse? container, string label) =>
        container?.Config?.Labels is { } labels && labels.TryGetValue(label, out var value) && int.TryParse(value, CultureInfo.InvariantCulture, out var port) ? port : null;

    private async Task<ImageInspectResponse> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new DeploymentFailedException(
                $"The image '{image}' is not on the Docker engine. Build it first (ContainerImage target) or pull it, then deploy again.", exception);
        }
    }

    private async Task StartCandidateAsync(DeployRequest request, DeploymentAttempt attempt, ImageInspectResponse image, string name, string colour, int port, int? grpcPort, CancellationToken cancellationToken)
    {
        await DockerOperations.RemoveIfPresentAsync(docker, name, cancellationToken).ConfigureAwait(false);
        var environment = new List<string> { $"ASPNETCORE_URLS=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };
        environment.AddRange(request.ServiceEnvironment.Where(pair => grpcPort is null || pair.Key != GrpcUrlVariable).Select(pair => $"{pair.Key}={pair.Value}"));
        var binds = new List<string>();
        if (request.ApiKeys.Count > 0)
        {
            // the keys reach the service as a file on tmpfs; its configuration carries only the path
            binds.Add($"{ServiceKeyFile.Write(request, colour, image.Config?.User)}:{ServiceKeyFile.ContainerPath}:ro");
            environment.Add($"{ServiceKeyFile.Variable}={ServiceKeyFile.ContainerPath}");
        }
        var labels = ContainerLabels.For(request, ContainerLabels.ServiceRole);
        labels[ContainerLabels.Colour] = colour;
        labels[ContainerLabels.Port] = port.ToString(CultureInfo.InvariantCulture);
        if (grpcPort is { } grpc)
        {
            environment.Add($"{GrpcUrlVariable}=http://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}");
            labels[ContainerLabels.GrpcPort] = grpc.ToString(CultureInfo.InvariantCulture);
        }

        labels[ContainerLabels.DeploymentId] = attempt.Entry.Id;
        if (ModelDigestOf(request) is { } modelDigest)
            labels[ContainerLabels.ModelDigest] = modelDigest;
        if (request.Version is { } version)
            labels[ImageLabelsVersion] = version;
        await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image.ID,
            Env = environment,
            Labels = labels,
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                Binds = binds.Count == 0 ? null! : binds,
                // No restart while gated: a crash on start must fail the gate, not loop.
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
        }, cancellationToken).ConfigureAwait(false);
        await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Best effort: removes the key files of colours that have no container; a failure is logged, never thrown.</summary>
    internal async Task SweepKeyFilesAsync(DeployRequest request)
    {
        if (!Directory.Exists(request.SecretsDirectory))
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var containers = await EnvironmentContainersAsync(request, ContainerLabels.ServiceRole, timeout.Token).ConfigureAwait(false);
            ServiceKeyFile.RemoveExcept(request, [.. containers.Select(c => (c.Labels is { } labels && labels.TryGetValue(ContainerLabels.Colour, out var colour) ? colour : null)).OfType<string>()]);
        }
        catch (Exception exception) when (DockerOperations.IsEngineFailure(exception) || exception is IOException or OperationCanceledException)
        {
            log.Warning("Could not remove the API key files of {Environment}: {Error}", request.Environment, exception.Message);
        }
    }

    internal async Task StopGracefullyAsync(string container, TimeSpan grace, CancellationToken cancellationToken)
    {
        // SIGTERM (the image's stop signal), then SIGKILL after the grace period; Kestrel finishes in-flight requests meanwhile.
        try
        {
            await docker.Containers.StopContainerAsync(container, new ContainerStopParameters
            {
                WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }

        await DockerOperations.RemoveIfPresentAsync(docker, container, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<IList<ContainerListResponse>> EnvironmentContainersAsync(DeployRequest request, string? role, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool>
            {
                [$"{ContainerLabels.App}={request.App}"] = true,
                [$"{ContainerLabels.Environment}={request.Environment}"] = true,
            },
        };
        if (role is not null)
        {
            filters["label"][$"{ContainerLabels.Role}={role}"] = true;
        }

        return await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first port from <paramref name="first"/> up that is free on 127.0.0.1 and neither <paramref name="taken"/> (the
    /// serving colour's ports, the candidate's other port) nor one the edge or the monitoring stack uses.
    /// </summary>
    internal static int FindFreePort(int first, IEnumerable<int?> taken, DeployRequest request)
    {
        var reserved = new HashSet<int> { request.EdgeEndPoint.Port, request.EdgeGrpcEndPoint.Port };
        reserved.UnionWith(taken.OfType<int>());
        var edge = request.EdgeEndPoint;
        foreach (var endPoint in new[] { request.Monitoring.ResolvePrometheus(edge), request.Monitoring.ResolveAlertmanager(edge), request.Monitoring.ResolveEdgeMetrics(edge), request.Monitoring.ResolveEdgeLog(edge) })
            reserved.Add(endPoint.Port);
        for (var port = first; port < first + 500 && port <= 65535; port++)
        {
            if (reserved.Contains(port))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new DeploymentFailedException($"No free port on 127.0.0.1 in {first}–{first + 499} for the candidate. Free one or set FirstServicePort to another range.");
    }
}
