using Docker.DotNet;
using Serilog;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment.Backends;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Strategies;
using Slipway.Delivery.Deployment.Swarm;
using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// The entry point of every deploy, rollback and undeploy. One per run: it takes the environment's lock, starts the
/// ledger attempt (and the GitHub deployment), brings up the environment's monitoring, picks the strategy (blue/green or
/// canary) and the backend (one engine or Swarm), and is the one place that finishes the ledger entry, from the outcome
/// the backend returns.
/// </summary>
public sealed class Deployer
{
    public const string Blue = EngineBackend.Blue;
    public const string Green = EngineBackend.Green;

    private readonly IDockerClient _docker;
    private readonly ILogger _log;
    private readonly DeployImages? _images;

    /// <param name="images">Resolves the edge and monitoring images when a deploy needs them; null: the request's <see cref="DeployRequest.EdgeImage"/> and <see cref="MonitoringOptions.Image"/>.</param>
    public Deployer(IDockerClient docker, ILogger? log = null, DeployImages? images = null)
    {
        _docker = docker ?? throw new ArgumentNullException(nameof(docker));
        _log = log ?? Serilog.Log.Logger;
        _images = images;
    }

    /// <summary>
    /// Deploys <see cref="DeployRequest.Image"/> with the request's strategy. Returns when the new version serves all
    /// traffic and the old one has drained; throws <see cref="DeploymentFailedException"/> (the old version serving) when a
    /// gate or an analysis fails, <see cref="DeploymentLockedException"/> when another deploy runs,
    /// <see cref="DeployRequestException"/> for a bad request, and <see cref="OperationCanceledException"/> after putting
    /// the traffic back and removing the candidate when cancelled.
    /// </summary>
    public Task<DeployResult> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request, requireImage: true);
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
        Validate(request, requireImage: false);
        return RunLockedAsync(request, LedgerOutcomes.Rollback, async attempt =>
        {
            var target = await FindRollbackTargetAsync(request, cancellationToken).ConfigureAwait(false);
            attempt.Update(entry => entry with { ImageReference = target.ImageReference ?? target.ImageId, Version = target.Version, Commit = target.Commit, CommitTime = target.CommitTime, Models = target.Models });
            _log.Information("Rolling {Environment} back to {ImageId} (deployed {DeployedAt:u}): {Reason}", request.Environment, target.ImageId, target.StartedAt, request.Reason);
            return await DeployImageAsync(attempt, target.ImageId!, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Removes the edge, every service container of the environment (or its Swarm service) and its monitoring, and records it. Builds no image.</summary>
    public Task<DeployResult> UndeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request, requireImage: false);
        return RunLockedAsync(request, LedgerOutcomes.Undeploy, async attempt =>
        {
            var removed = new List<string>();
            await attempt.PhaseAsync("remove", async () =>
            {
                if (request.Backend == DeploymentBackend.Swarm)
                    removed.AddRange(await BackendFor(request, null).RemoveAsync(attempt, cancellationToken).ConfigureAwait(false));
                // the edge, any service container and the edge's configuration, whatever the backend left
                removed.AddRange(await new EngineBackend(_docker, _log, Images(request), null, null).RemoveAsync(attempt, cancellationToken).ConfigureAwait(false));
                var monitoring = new MonitoringStack(_docker, request, _log);
                foreach (var container in new[] { monitoring.PrometheusContainer, monitoring.AlertmanagerContainer, monitoring.EdgeMetricsContainer })
                {
                    if (await DockerOperations.TryInspectAsync(_docker, container, cancellationToken).ConfigureAwait(false) is not null)
                        removed.Add(container);
                }

                await monitoring.RemoveAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            var message = removed.Count == 0
                ? $"Nothing of '{request.App}' runs in '{request.Environment}'; nothing removed."
                : $"Removed from '{request.Environment}': {string.Join(", ", removed)}.";
            _log.Information("{Message}", message);
            return removed.Count == 0 ? DeploymentOutcome.Unchanged(message) : DeploymentOutcome.Promoted(message);
        }, cancellationToken);
    }

    /// <summary>Where the edge's generated configuration lives for an environment.</summary>
    public static string EdgeDirectory(DeployRequest request) => EngineBackend.EdgeDirectory(request);

    public static string ContainerName(DeployRequest request, string role) => EngineBackend.ContainerName(request, role);

    private void Validate(DeployRequest request, bool requireImage)
    {
        var problems = new List<string>();
        try
        {
            request.Validate(requireImage);
        }
        catch (DeployRequestException exception)
        {
            problems.AddRange(exception.Problems);
        }

        if (requireImage && _images is null && string.IsNullOrWhiteSpace(request.EdgeImage))
            problems.Add("EdgeImage is empty; pass the nginx edge image (the offline Debian base with nginx-light), or give the Deployer the images to build.");
        if (requireImage && _images is null && request.Monitoring.Enabled && string.IsNullOrWhiteSpace(request.Monitoring.Image))
            problems.Add("Monitoring.Image is empty; pass the monitoring image (the offline Debian base with prometheus, prometheus-alertmanager and mtail), or give the Deployer the images to build.");
        if (request.Backend == DeploymentBackend.Swarm && request.Strategy == DeploymentStrategy.Canary)
            problems.Add("--strategy Canary runs on the Engine backend; a Swarm environment deploys by rolling update. Use --backend Engine for a canary, or --strategy BlueGreen on Swarm.");
        if (request.Strategy == DeploymentStrategy.Canary && !request.Monitoring.Enabled)
            problems.Add("--strategy Canary needs the environment's monitoring to judge its steps; turn monitoring on.");
        if (problems.Count > 0)
            throw new DeployRequestException(problems);
    }

    private DeployImages Images(DeployRequest request) =>
        _images ?? DeployImages.Of(request.EdgeImage ?? "", request.Monitoring.Image ?? "");

    private async Task<DeploymentOutcome> DeployImageAsync(DeploymentAttempt attempt, string image, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        MonitoringStack? monitoring = null;
        ReleaseAnalysis? analysis = null;
        if (request.Backend == DeploymentBackend.Engine && request.Monitoring.Enabled)
        {
            monitoring = new MonitoringStack(_docker, request, _log);
            var monitoringImage = await Images(request).MonitoringAsync(cancellationToken).ConfigureAwait(false);
            var endpoints = await attempt.PhaseAsync("monitoring", () => monitoring.EnsureAsync(monitoringImage, cancellationToken)).ConfigureAwait(false);
            attempt.Update(entry => entry with { Prometheus = endpoints.Prometheus.ToString(), Alertmanager = endpoints.Alertmanager.ToString() });
            _log.Information("Monitoring of {Environment}: Prometheus {Prometheus}, Alertmanager {Alertmanager}", request.Environment, endpoints.Prometheus, endpoints.Alertmanager);
            analysis = new ReleaseAnalysis(new PrometheusClient(endpoints.Prometheus), request.Analysis, _log);
        }

        await using var judge = new ReleaseJudge(attempt, analysis, new Uri(EngineBackend.EdgeUrl(request)), _log);
        IDeploymentStrategy strategy = request.Strategy == DeploymentStrategy.Canary
            ? new CanaryStrategy(attempt, judge, _log)
            : new BlueGreenStrategy(attempt, judge, _log);
        return await BackendFor(request, monitoring).DeployAsync(attempt, image, strategy, cancellationToken).ConfigureAwait(false);
    }

    private IDeploymentBackend BackendFor(DeployRequest request, MonitoringStack? monitoring) =>
        request.Backend == DeploymentBackend.Swarm
            ? new SwarmBackend(_docker, Images(request), _log)
            : new EngineBackend(_docker, _log, Images(request), monitoring, ProbeGate.For(request, _log));

    private Task<DeployResult> RunLockedAsync(DeployRequest request, string action, Func<DeploymentAttempt, Task<DeploymentOutcome>> body, CancellationToken cancellationToken) =>
        RunLockedAsync(request, action, _log, body, cancellationToken);

    /// <summary>
    /// Takes the environment's local lock, starts the ledger attempt, runs <paramref name="body"/> and finishes the entry from
    /// its outcome. Every backend's deploy, rollback and undeploy runs through here (the Kubernetes deployer too).
    /// </summary>
    internal static async Task<DeployResult> RunLockedAsync(DeployRequest request, string action, ILogger log, Func<DeploymentAttempt, Task<DeploymentOutcome>> body, CancellationToken cancellationToken)
    {
        var _log = log;
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
        _log.Information("{Action} of {Environment} ({Backend}, {Strategy}) started; ledger {LedgerPath}", action, request.Environment, request.Backend, request.Strategy, ledger.Path);
        await attempt.StartAsync(cancellationToken).ConfigureAwait(false);
        DeploymentOutcome outcome;
        try
        {
            outcome = await body(attempt).ConfigureAwait(false);
        }
        catch (DeploymentFailedException failure)
        {
            outcome = DeploymentOutcome.Failed(failure.Reason ?? failure.Message) with { Logs = failure.CandidateLogs, Cause = failure.InnerException ?? failure };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await attempt.FinishAsync(LedgerOutcomes.Failed, $"{action} cancelled; the previous version keeps serving", null).ConfigureAwait(false);
            throw;
        }
        catch (Exception exception) when (request.Backend != DeploymentBackend.Kubernetes && DockerOperations.IsEngineFailure(exception))
        {
            var reason = $"Lost contact with the Docker engine during the {action} of '{request.Environment}': {exception.Message}. " +
                         "The previous version was not stopped. Check that the engine is running ('docker info'), then deploy again; " +
                         "the next deploy removes any candidate left behind.";
            outcome = DeploymentOutcome.Failed(reason) with { Cause = exception };
        }

        return await FinishAsync(attempt, outcome).ConfigureAwait(false);
    }

    /// <summary>The one place a ledger entry is finished: from the outcome, once; a failed or rolled-back outcome is thrown after.</summary>
    private static async Task<DeployResult> FinishAsync(DeploymentAttempt attempt, DeploymentOutcome outcome)
    {
        var request = attempt.Request;
        switch (outcome.Kind)
        {
            case DeploymentOutcomeKind.Promoted or DeploymentOutcomeKind.Unchanged:
                var finished = await attempt.FinishAsync(
                    outcome.Kind == DeploymentOutcomeKind.Promoted ? LedgerOutcomes.Succeeded : LedgerOutcomes.Unchanged,
                    outcome.Kind == DeploymentOutcomeKind.Promoted && attempt.Entry.Action != LedgerOutcomes.Undeploy ? request.Reason : outcome.Message,
                    outcome.Endpoint).ConfigureAwait(false);
                return new DeployResult(
                    outcome.Kind == DeploymentOutcomeKind.Promoted ? DeployOutcome.Succeeded : DeployOutcome.Unchanged,
                    request.Environment, outcome.Endpoint ?? "", outcome.ImageId ?? "", outcome.PreviousImageId, outcome.Colour, attempt.Phases, finished, outcome.Message)
                {
                    GrpcEndpoint = outcome.GrpcEndpoint,
                };
            default:
                var entry = await attempt.FinishAsync(
                    outcome.Kind == DeploymentOutcomeKind.RolledBack ? LedgerOutcomes.RolledBack : LedgerOutcomes.Failed, outcome.Message, outcome.Endpoint).ConfigureAwait(false);
                throw new DeploymentFailedException(outcome.Message, outcome.Logs, entry, outcome.Cause);
        }
    }

    private static async Task<LedgerEntry> FindRollbackTargetAsync(DeployRequest request, CancellationToken cancellationToken)
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
}
