using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Deployment.Gates;
using Slipway.Delivery.Deployment.Swarm;

namespace Slipway.Delivery.Deployment;

public sealed partial class BlueGreenDeployer
{
    private async Task<DeployResult> DeployImageAsync(DeploymentAttempt attempt, string image, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var imageInfo = await InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        if (request.Backend == DeploymentBackend.Swarm)
        {
            return await new SwarmDeployer(_docker, _log).DeployAsync(attempt, imageInfo.ID, cancellationToken).ConfigureAwait(false);
        }

        var digest = imageInfo.RepoDigests?.FirstOrDefault() is { } repoDigest && repoDigest.Contains('@') ? repoDigest[(repoDigest.IndexOf('@') + 1)..] : null;
        attempt.Update(entry => entry with { ImageId = imageInfo.ID, ImageDigest = digest, Endpoint = EdgeUrl(request) });

        var edge = EdgeFor(request);
        var current = edge.ReadCurrentUpstream();
        var edgeRunning = await edge.IsRunningAsync(cancellationToken).ConfigureAwait(false);
        var active = current is null
            ? null
            : await DockerOperations.TryInspectAsync(_docker, ContainerName(request, current.Colour), cancellationToken).ConfigureAwait(false);
        if (active?.State?.Running != true)
        {
            active = null;
        }

        attempt.Update(entry => entry with { PreviousImageId = active?.Image });
        if (active is not null && edgeRunning && active.Image == imageInfo.ID)
        {
            var same = $"'{request.Environment}' already runs image {imageInfo.ID} ({current!.Colour}, {EdgeUrl(request)}); nothing changed.";
            _log.Information("{Message}", same);
            var unchanged = await attempt.FinishAsync(LedgerOutcomes.Unchanged, same, EdgeUrl(request)).ConfigureAwait(false);
            return new DeployResult(DeployOutcome.Unchanged, request.Environment, EdgeUrl(request), imageInfo.ID, active.Image, current.Colour, attempt.Phases, unchanged, same);
        }

        var colour = current?.Colour == Blue && active is not null ? Green : Blue;
        var candidateName = ContainerName(request, colour);
        attempt.Update(entry => entry with { Colour = colour });

        // Leftovers of an interrupted deploy (never the active container) are removed first.
        foreach (var stale in await EnvironmentContainersAsync(request, ContainerLabels.ServiceRole, cancellationToken).ConfigureAwait(false))
        {
            if (active is null || stale.ID != active.ID)
            {
                _log.Information("Removing leftover container {Container}", stale.Names.FirstOrDefault());
                await DockerOperations.RemoveIfPresentAsync(_docker, stale.ID, cancellationToken).ConfigureAwait(false);
            }
        }

        var activePort = active?.Config?.Labels is not null && active.Config.Labels.TryGetValue(ContainerLabels.Port, out var label) ? int.Parse(label, CultureInfo.InvariantCulture) : (int?)null;
        var port = FindFreePort(request.ResolvedFirstServicePort, activePort, request.EdgeEndPoint.Port);
        var candidateAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _log.Information("Candidate {Candidate} ({ImageId}) starts on {CandidateAddress}", candidateName, imageInfo.ID, candidateAddress);

        var switched = false;
        try
        {
            await attempt.PhaseAsync("start", () => StartCandidateAsync(request, attempt, imageInfo.ID, candidateName, colour, port, cancellationToken)).ConfigureAwait(false);

            var gates = new CandidateGates(_docker, candidateName, candidateAddress, request.ResolvedSmokeModel);
            var hasHealthCheck = await attempt.PhaseAsync("ready", () => gates.WaitReadyAsync(request.GateTimeout, cancellationToken)).ConfigureAwait(false);
            if (!hasHealthCheck)
            {
                _log.Warning("Image {ImageId} has no HEALTHCHECK; operators and Swarm see no health status for it", imageInfo.ID);
            }

            await attempt.PhaseAsync("smoke", () => gates.SmokeAsync(cancellationToken)).ConfigureAwait(false);

            var upstream = EdgeUpstream.Local(colour, port);
            var switchTimeout = TimeSpan.FromSeconds(30);
            IReadOnlySet<string> oldWorkers = new HashSet<string>();
            await attempt.PhaseAsync("switch", async () =>
            {
                if (edgeRunning && current is not null)
                {
                    oldWorkers = await edge.SwitchAsync(upstream, switchTimeout, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var edgeImage = await InspectImageAsync(request.EdgeImage!, cancellationToken).ConfigureAwait(false);
                    await edge.StartAsync(edgeImage.ID, upstream, Labels(request, ContainerLabels.EdgeRole), switchTimeout, cancellationToken).ConfigureAwait(false);
                }

                switched = true;
            }).ConfigureAwait(false);

            await attempt.PhaseAsync("verify", () => VerifyThroughEdgeAsync(request, cancellationToken)).ConfigureAwait(false);

            // The candidate now serves: let the engine restart it from here on.
            await _docker.Containers.UpdateContainerAsync(candidateName, new ContainerUpdateParameters
            {
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            }, cancellationToken).ConfigureAwait(false);

            await attempt.PhaseAsync("drain", async () =>
            {
                await edge.WaitForWorkersGoneAsync(oldWorkers, request.DrainGrace + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                if (active is not null)
                {
                    await StopGracefullyAsync(active.ID, request.DrainGrace, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is GateFailedException or DeploymentFailedException)
        {
            var logs = await DockerOperations.TailLogsAsync(_docker, candidateName, 40, CancellationToken.None).ConfigureAwait(false);
            var outcome = LedgerOutcomes.Failed;
            var reason = exception.Message;
            if (switched && active is not null && current is not null)
            {
                reason += " The edge was switched back to the previous version.";
                outcome = LedgerOutcomes.RolledBack;
                await SwitchBackAsync(edge, current, CancellationToken.None).ConfigureAwait(false);
            }

            await DockerOperations.RemoveIfPresentAsync(_docker, candidateName, CancellationToken.None).ConfigureAwait(false);
            var gate = exception is GateFailedException failedGate ? failedGate.Gate : "switch";
            reason = $"Deploy of {image} to '{request.Environment}' failed at the '{gate}' gate: {reason}" +
                     (active is null ? "" : $" The previous version ({active.Image}) keeps serving at {EdgeUrl(request)}.");
            _log.Error("{Reason}", reason);
            var entry = await attempt.FinishAsync(outcome, reason, EdgeUrl(request)).ConfigureAwait(false);
            throw new DeploymentFailedException(reason, logs, entry, exception);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (switched && active is not null && current is not null)
            {
                await SwitchBackAsync(edge, current, CancellationToken.None).ConfigureAwait(false);
            }

            if (!switched || active is not null)
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await DockerOperations.RemoveIfPresentAsync(_docker, candidateName, cleanup.Token).ConfigureAwait(false);
                _log.Warning("Deploy cancelled: candidate {Candidate} removed; the previous version keeps serving", candidateName);
            }

            throw;
        }
        catch (Exception exception) when (DockerOperations.IsEngineFailure(exception))
        {
            // Best effort: the engine may be gone; the next deploy removes what is left.
            try
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await DockerOperations.RemoveIfPresentAsync(_docker, candidateName, cleanup.Token).ConfigureAwait(false);
            }
            catch (Exception cleanupFailure) when (DockerOperations.IsEngineFailure(cleanupFailure) || cleanupFailure is OperationCanceledException)
            {
                _log.Warning("Could not remove candidate {Candidate}: {Error}", candidateName, cleanupFailure.Message);
            }

            throw;
        }

        var message = $"'{request.Environment}' now serves image {imageInfo.ID} ({colour}) at {EdgeUrl(request)}" +
                      (active is null ? "." : $"; the previous image {active.Image} was drained and stopped and is kept for rollback.");
        _log.Information("{Message}", message);
        var succeeded = await attempt.FinishAsync(LedgerOutcomes.Succeeded, attempt.Request.Reason, EdgeUrl(request)).ConfigureAwait(false);
        return new DeployResult(DeployOutcome.Succeeded, request.Environment, EdgeUrl(request), imageInfo.ID, active?.Image, colour, attempt.Phases, succeeded, message);
    }

    private async Task<ImageInspectResponse> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await _docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new DeploymentFailedException(
                $"The image '{image}' is not on the Docker engine. Build it first (ContainerImage target) or pull it, then deploy again.", exception);
        }
    }

    private async Task StartCandidateAsync(DeployRequest request, DeploymentAttempt attempt, string imageId, string name, string colour, int port, CancellationToken cancellationToken)
    {
        await DockerOperations.RemoveIfPresentAsync(_docker, name, cancellationToken).ConfigureAwait(false);
        var environment = new List<string> { $"ASPNETCORE_URLS=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };
        environment.AddRange(request.ServiceEnvironment.Select(pair => $"{pair.Key}={pair.Value}"));
        await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = imageId,
            Env = environment,
            Labels = Labels(request, ContainerLabels.ServiceRole, colour, port, attempt.Entry.Id),
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                // No restart while gated: a crash on start must fail the gate, not loop.
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
        }, cancellationToken).ConfigureAwait(false);
        await _docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
    }

    private async Task VerifyThroughEdgeAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await CandidateGates.SmokeAsync(new Uri(EdgeUrl(request)), request.ResolvedSmokeModel, cancellationToken).ConfigureAwait(false);
        }
        catch (GateFailedException failure)
        {
            throw new GateFailedException("verify", "Through the edge: " + failure.Message);
        }
        catch (HttpRequestException exception)
        {
            throw new GateFailedException("verify", $"The smoke inference through the edge {EdgeUrl(request)} failed: {exception.Message}");
        }
    }

    private async Task SwitchBackAsync(NginxEdge edge, EdgeUpstream previous, CancellationToken cancellationToken)
    {
        try
        {
            var workers = await edge.SwitchAsync(previous, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await edge.WaitForWorkersGoneAsync(workers, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DeploymentFailedException || DockerOperations.IsEngineFailure(exception))
        {
            _log.Error("Could not switch the edge back to {Colour}: {Error}", previous.Colour, exception.Message);
        }
    }

    private async Task StopGracefullyAsync(string container, TimeSpan grace, CancellationToken cancellationToken)
    {
        // SIGTERM (the image's stop signal), then SIGKILL after the grace period; Kestrel finishes in-flight requests meanwhile.
        try
        {
            await _docker.Containers.StopContainerAsync(container, new ContainerStopParameters
            {
                WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }

        await DockerOperations.RemoveIfPresentAsync(_docker, container, cancellationToken).ConfigureAwait(false);
    }

    internal static int FindFreePort(int first, int? taken, int edgePort)
    {
        for (var port = first; port < first + 500 && port <= 65535; port++)
        {
            if (port == taken || port == edgePort)
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
