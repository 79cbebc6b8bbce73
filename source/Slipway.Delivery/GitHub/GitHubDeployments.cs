using Octokit;
using Octokit.Internal;
using Serilog;

namespace Slipway.Delivery.GitHub;

/// <summary>Creates a GitHub Deployment for an environment and posts its statuses through Octokit.</summary>
public sealed class GitHubDeployments
{
    private readonly GitHubContext _context;
    private readonly IGitHubClient _client;
    private readonly ILogger _log;

    public GitHubDeployments(GitHubContext context, ILogger? log = null)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _log = log ?? Serilog.Log.Logger;
        _client = new GitHubClient(new Connection(
            new ProductHeaderValue("slipway"),
            context.ApiUrl,
            new InMemoryCredentialStore(new Credentials(context.Token))));
    }

    /// <summary>Creates the deployment and posts <c>in_progress</c>; returns the handle used for the final status.</summary>
    public async Task<GitHubDeployment> StartAsync(string environment, string description, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var deployment = await _client.Repository.Deployment.Create(_context.Owner, _context.Repository, new NewDeployment(_context.Sha)
        {
            Environment = environment,
            Description = description,
            AutoMerge = false,
            RequiredContexts = [],
            ProductionEnvironment = environment is "production" or "prod",
            TransientEnvironment = false,
        }).ConfigureAwait(false);
        _log.Information("GitHub deployment {DeploymentId} created for {Environment} at {Sha}", deployment.Id, environment, _context.Sha);
        var handle = new GitHubDeployment(_client, _context, deployment.Id, environment, _log);
        await handle.PostAsync(DeploymentState.InProgress, description, null, cancellationToken).ConfigureAwait(false);
        return handle;
    }
}
