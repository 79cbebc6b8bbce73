using Octokit;
using Octokit.Internal;
using Serilog;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.GitHub;

/// <summary>
/// Posts the report's headline as a commit status (context <see cref="Context"/>) on the commit being built.
/// The API address is used as given (<c>GITHUB_API_URL</c>), so requests go to <c>{api}/repos/{owner}/{repo}/statuses/{sha}</c>.
/// </summary>
public sealed class CommitStatusPublisher
{
    public const string Context = "slipway/pipeline";
    private const int MaxDescription = 140;
    /// <summary>Hex digits of the ledger's chain head in the description (64 bits; <c>Audit --ledger-anchor</c> takes 16 or more).</summary>
    private const int AnchorLength = 16;

    private readonly GitHubContext _context;
    private readonly IGitHubClient _client;
    private readonly ILogger _log;

    public CommitStatusPublisher(GitHubContext context, ILogger? logger = null)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _log = logger ?? Log.Logger;
        _client = new GitHubClient(new Connection(
            new ProductHeaderValue("slipway"),
            context.ApiUrl,
            new InMemoryCredentialStore(new Credentials(context.Token))));
    }

    /// <summary>
    /// Publishes when on GitHub Actions (GITHUB_ACTIONS=true with GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA);
    /// otherwise logs one line and returns false.
    /// </summary>
    public static async Task<bool> PublishIfOnGitHubAsync(ReportModel model, Func<string, string?> environment, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var log = logger ?? Log.Logger;
        if (!string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            log.Information("GitHub commit status skipped: GITHUB_ACTIONS is not 'true' (not running on GitHub Actions)");
            return false;
        }
        var context = GitHubContext.FromEnvironment(environment, out var reason);
        if (context is null)
        {
            log.Information("GitHub commit status skipped: {Reason}", reason);
            return false;
        }
        await new CommitStatusPublisher(context, log).PublishAsync(model, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<CommitStatus> PublishAsync(ReportModel model, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var status = StatusOf(model, _context.LogUrl);
        try
        {
            var created = await _client.Repository.Status.Create(_context.Owner, _context.Repository, _context.Sha, status).ConfigureAwait(false);
            _log.Information("GitHub commit status {Context} is {State} on {Sha}", Context, status.State, _context.Sha);
            return created;
        }
        catch (ApiException exception)
        {
            throw new InvalidOperationException(
                $"GitHub refused the commit status for {_context.Owner}/{_context.Repository}@{_context.Sha}: {(int)exception.StatusCode} {exception.Message}. " +
                "The workflow's token needs the 'statuses: write' permission.", exception);
        }
    }

    /// <summary>The status for a report: success, failure, or error when the outcome is not known (aborted, no run record).</summary>
    public static NewCommitStatus StatusOf(ReportModel model, string? targetUrl)
    {
        var state = model.Headline.Outcome switch
        {
            "Succeeded" => CommitState.Success,
            "Failed" => CommitState.Failure,
            _ => CommitState.Error,
        };
        // The ledger's chain head is the anchor a later Audit compares with: it is kept whole when the summary is cut.
        var anchor = model.Deployment.Chain is { Head: { } head } chain
            ? (chain.Intact ? " · ledger " : " · ledger BROKEN ") + head[..AnchorLength]
            : "";
        var description = model.Headline.Summary;
        if (description.Length + anchor.Length > MaxDescription)
            description = description[..(MaxDescription - anchor.Length - 1)] + "…";
        description += anchor;
        return new NewCommitStatus { State = state, Description = description, Context = Context, TargetUrl = targetUrl };
    }
}
