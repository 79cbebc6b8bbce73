using Slipway.Delivery.Deployment.Strategies;

namespace Slipway.Delivery.Deployment.Backends;

/// <summary>Where versions run and how the edge reaches them: one Docker engine, or a Swarm.</summary>
internal interface IDeploymentBackend
{
    /// <summary>
    /// Starts <paramref name="image"/> beside what serves, gates it, lets <paramref name="strategy"/> move the traffic, and
    /// returns how it ended. Gate and analysis failures are outcomes, not exceptions; a cancelled deploy puts all traffic back
    /// on the previous version, removes the candidate and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<DeploymentOutcome> DeployAsync(DeploymentAttempt attempt, string image, IDeploymentStrategy strategy, CancellationToken cancellationToken);

    /// <summary>Removes every version, the edge and what else the backend created for the environment; returns what was removed.</summary>
    Task<IReadOnlyList<string>> RemoveAsync(DeploymentAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Whether the environment's edge runs (rollback needs the edge image only when it does not).</summary>
    Task<bool> EdgeRunsAsync(DeployRequest request, CancellationToken cancellationToken);
}
