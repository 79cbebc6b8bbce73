using Octokit;
using Serilog;

namespace Slipway.Delivery.GitHub;

/// <summary>One GitHub Deployment; post its final status with <see cref="SucceedAsync"/> or <see cref="FailAsync"/>.</summary>
public sealed class GitHubDeployment
{
    private readonly IGitHubClient _client;
    private readonly GitHubContext _context;
    private readonly ILogger _log;

    internal GitHubDeployment(IGitHubClient client, GitHubContext context, long id, string environment, ILogger log)
    {
        _client = client;
        _context = context;
        Id = id;
        Environment = environment;
        _log = log;
    }

    public long Id { get; }

    public string Environment { get; }

    public Task SucceedAsync(string environmentUrl, string description, CancellationToken cancellationToken = default) =>
        PostAsync(DeploymentState.Success, description, environmentUrl, cancellationToken);

    public Task FailAsync(string description, CancellationToken cancellationToken = default) =>
        PostAsync(DeploymentState.Failure, description, null, cancellationToken);

    internal async Task PostAsync(DeploymentState state, string description, string? environmentUrl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // GitHub limits a status description to 140 characters.
        var shortDescription = description.Length <= 140 ? description : description[..137] + "...";
        await _client.Repository.Deployment.Status.Create(_context.Owner, _context.Repository, Id, new NewDeploymentStatus(state)
        {
            Description = shortDescription,
            EnvironmentUrl = environmentUrl,
            LogUrl = _context.LogUrl,
            Environment = Environment,
            AutoInactive = state == DeploymentState.Success ? true : null,
        }).ConfigureAwait(false);
        _log.Information("GitHub deployment {DeploymentId} is {State}", Id, state);
    }
}
