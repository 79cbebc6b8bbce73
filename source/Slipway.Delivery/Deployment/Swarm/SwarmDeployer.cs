using Docker.DotNet;
using Serilog;

namespace Slipway.Delivery.Deployment.Swarm;

/// <summary>Deploys an environment as a Docker Swarm service: rolling, start-first updates with automatic rollback.</summary>
public sealed partial class SwarmDeployer
{
    private readonly IDockerClient _docker;
    private readonly ILogger _log;

    public SwarmDeployer(IDockerClient docker, ILogger? log = null)
    {
        _docker = docker ?? throw new ArgumentNullException(nameof(docker));
        _log = log ?? Serilog.Log.Logger;
    }

    internal Task<DeployResult> DeployAsync(DeploymentAttempt attempt, string image, CancellationToken cancellationToken) =>
        throw new DeploymentFailedException("The Swarm backend is not available yet.");

    internal Task<IReadOnlyList<string>> RemoveAsync(DeployRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
