using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Deployment.Gates;
using Slipway.Delivery.Deployment.Swarm;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// Health-gated blue/green deploys on one Docker engine behind an nginx edge, with automatic rollback, a ledger,
/// a per-environment lock and GitHub deployment statuses. Swarm environments are handed to <see cref="SwarmDeployer"/>.
/// </summary>
public sealed partial class BlueGreenDeployer
{
    public const string Blue = "blue";
    public const string Green = "green";

    private readonly IDockerClient _docker;
    private readonly ILogger _log;

    public BlueGreenDeployer(IDockerClient docker, ILogger? log = null)
    {
        _docker = docker ?? throw new ArgumentNullException(nameof(docker));
        _log = log ?? Serilog.Log.Logger;
    }

    /// <summary>
    /// Deploys <see cref="DeployRequest.Image"/> to the environment. Returns when the new version serves through the
    /// edge and the old one has drained; throws <see cref="DeploymentFailedException"/> (the old version still serving)
    /// when a gate fails, <see cref="DeploymentLockedException"/> when another deploy runs, <see cref="DeployRequestException"/>
    /// for a bad request, and <see cref="OperationCanceledException"/> after removing the candidate when cancelled.
    /// </summary>
    public Task<DeployResult> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return RunLockedAsync(request, LedgerOutcomes.Deploy, attempt => DeployImageAsync(attempt, request.Image, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Deploys the image of the last successful ledger entry before the current one, through the same gates.
    /// <see cref="DeployRequest.Image"/> is ignored; <see cref="DeployRequest.Reason"/> is recorded.
    /// </summary>
    public Task<DeployResult> RollbackAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request = request with { Reason = request.Reason ?? "manual rollback" };
        request.Validate(requireImage: false);
        return RunLockedAsync(request, LedgerOutcomes.Rollback, async attempt =>
        {
            var target = await FindRollbackTargetAsync(request, cancellationToken).ConfigureAwait(false);
            attempt.Update(entry => entry with { ImageReference = target.ImageReference ?? target.ImageId, Version = target.Version, Commit = target.Commit, CommitTime = target.CommitTime, Models = target.Models });
            _log.Information("Rolling {Environment} back to {ImageId} (deployed {DeployedAt:u}): {Reason}", request.Environment, target.ImageId, target.StartedAt, request.Reason);
            return await DeployImageAsync(attempt, target.ImageId!, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Removes the edge and every service container of the environment (or its Swarm service) and records it.</summary>
    public Task<DeployResult> UndeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate(requireImage: false);
        return RunLockedAsync(request, LedgerOutcomes.Undeploy, attempt => RemoveEnvironmentAsync(attempt, cancellationToken), cancellationToken);
    }

    /// <summary>Where the edge's generated configuration lives for an environment.</summary>
    public static string EdgeDirectory(DeployRequest request) => Path.Combine(request.ResolvedStateDirectory, request.Environment, "edge");

    public static string ContainerName(DeployRequest request, string role) => $"{request.App}-{request.Environment}-{role}";

    private async Task<DeployResult> RunLockedAsync(DeployRequest request, string action, Func<DeploymentAttempt, Task<DeployResult>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var held = DeploymentLock.Acquire(DeploymentLock.PathFor(request.ResolvedStateDirectory, request.Environment), request.Environment, action);
        if (held.Recovered)
        {
            _log.Warning(
                "Took over the deploy lock {LockPath} of {Environment} from a holder that did not release it cleanly: {PreviousHolder}",
                held.Path, request.Environment, held.RecoveredFrom?.ToString() ?? "details unreadable");
        }

        var ledger = new DeploymentLedger(request.ResolvedLedgerPath);
        var attempt = new DeploymentAttempt(request, action, ledger, _log);
        _log.Information("{Action} of {Environment} ({Backend}) started; ledger {LedgerPath}", action, request.Environment, request.Backend, ledger.Path);
        await attempt.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body(attempt).ConfigureAwait(false);
        }
        catch (DeploymentFailedException failure) when (failure.LedgerEntry is not null)
        {
            throw;
        }
        catch (DeploymentFailedException failure)
        {
            var entry = await attempt.FinishAsync(LedgerOutcomes.Failed, failure.Reason ?? failure.Message, null).ConfigureAwait(false);
            throw new DeploymentFailedException(failure.Reason ?? failure.Message, failure.CandidateLogs, entry, failure.InnerException);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (attempt.Entry.Outcome == LedgerOutcomes.Started)
            {
                await attempt.FinishAsync(LedgerOutcomes.Failed, $"{action} cancelled; the previous version keeps serving", null).ConfigureAwait(false);
            }

            throw;
        }
        catch (Exception exception) when (DockerOperations.IsEngineFailure(exception))
        {
            var reason = $"Lost contact with the Docker engine during the {action} of '{request.Environment}': {exception.Message}. " +
                         "The previous version was not stopped. Check that the engine is running ('docker info'), then deploy again; " +
                         "the next deploy removes any candidate left behind.";
            var entry = await attempt.FinishAsync(LedgerOutcomes.Failed, reason, null).ConfigureAwait(false);
            throw new DeploymentFailedException(reason, null, entry, exception);
        }
    }

    private async Task<LedgerEntry> FindRollbackTargetAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var ledger = new DeploymentLedger(request.ResolvedLedgerPath);
        var successes = (await ledger.ReadFinishedAsync(cancellationToken).ConfigureAwait(false))
            .Where(entry => entry.Outcome == LedgerOutcomes.Succeeded && entry.Action is LedgerOutcomes.Deploy or LedgerOutcomes.Rollback && entry.ImageId is not null)
            .ToList();
        if (successes.Count == 0)
        {
            throw new DeploymentFailedException($"Nothing to roll back to: the ledger '{ledger.Path}' has no successful deploy of '{request.Environment}'. Deploy an image first.");
        }

        var current = successes[^1];
        var previous = successes.LastOrDefault(entry => entry.ImageId != current.ImageId);
        return previous ?? throw new DeploymentFailedException(
            $"Nothing to roll back to: every successful deploy of '{request.Environment}' in '{ledger.Path}' used the current image {current.ImageId}. Deploy the version you want instead.");
    }

    private static Dictionary<string, string> Labels(DeployRequest request, string role, string? colour = null, int? port = null, string? deploymentId = null)
    {
        var labels = ContainerLabels.For(request, role);
        if (colour is not null)
        {
            labels[ContainerLabels.Colour] = colour;
        }

        if (port is not null)
        {
            labels[ContainerLabels.Port] = port.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (deploymentId is not null)
        {
            labels[ContainerLabels.DeploymentId] = deploymentId;
        }

        return labels;
    }

    private async Task<IList<ContainerListResponse>> EnvironmentContainersAsync(DeployRequest request, string? role, CancellationToken cancellationToken)
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

        return await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancellationToken).ConfigureAwait(false);
    }

    private NginxEdge EdgeFor(DeployRequest request) =>
        new(_docker, ContainerName(request, "edge"), EdgeDirectory(request), request.EdgeEndPoint, _log);

    private static string EdgeUrl(DeployRequest request) => $"http://{request.EdgeAddress}/";
}
