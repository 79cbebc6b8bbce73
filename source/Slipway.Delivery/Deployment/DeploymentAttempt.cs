using System.Diagnostics;
using Serilog;
using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Deployment;

/// <summary>One deploy, rollback or undeploy in progress: its ledger lines, phase times and GitHub deployment.</summary>
internal sealed class DeploymentAttempt
{
    private readonly DeploymentLedger _ledger;
    private readonly ILogger _log;
    private readonly Dictionary<string, double> _phases = [];
    private GitHubDeployment? _gitHub;

    public DeploymentAttempt(DeployRequest request, string action, DeploymentLedger ledger, ILogger log)
    {
        Request = request;
        _ledger = ledger;
        _log = log;
        Entry = new LedgerEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            Environment = request.Environment,
            Action = action,
            Outcome = LedgerOutcomes.Started,
            Who = request.Who ?? System.Environment.UserName,
            StartedAt = DateTimeOffset.UtcNow,
            Commit = request.Commit,
            RunUrl = request.RunUrl,
            CommitTime = request.CommitTime,
            Version = request.Version,
            ImageReference = string.IsNullOrWhiteSpace(request.Image) ? null : request.Image,
            Models = request.Models,
            Backend = request.Backend.ToString().ToLowerInvariant(),
            Reason = request.Reason,
        };
    }

    public DeployRequest Request { get; }

    public LedgerEntry Entry { get; private set; }

    public IReadOnlyDictionary<string, double> Phases => _phases;

    public void Update(Func<LedgerEntry, LedgerEntry> change) => Entry = change(Entry);

    public async Task<T> PhaseAsync<T>(string name, Func<Task<T>> body)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            _phases[name] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            _log.Debug("Phase {Phase} took {Milliseconds} ms", name, _phases[name]);
        }
    }

    public Task PhaseAsync(string name, Func<Task> body) =>
        PhaseAsync(name, async () =>
        {
            await body().ConfigureAwait(false);
            return true;
        });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _ledger.AppendAsync(Entry, cancellationToken).ConfigureAwait(false);
        if (Request.GitHub is null)
        {
            _log.Information("GitHub deployment status is off for {Environment}: no GitHub context (not running on GitHub Actions)", Request.Environment);
            return;
        }

        try
        {
            _gitHub = await new GitHubDeployments(Request.GitHub, _log)
                .StartAsync(Request.Environment, $"{Entry.Action} {Request.Image}".Trim(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is Octokit.ApiException or HttpRequestException)
        {
            // GitHub being unreachable must not block the deploy; the ledger stays the record.
            _log.Warning("Could not create the GitHub deployment for {Environment}: {Error}", Request.Environment, exception.Message);
        }
    }

    /// <summary>Writes the final ledger line (never cancelled: a started line must get its end) and the GitHub status.</summary>
    public async Task<LedgerEntry> FinishAsync(string outcome, string? reason, string? endpoint)
    {
        Entry = Entry with
        {
            Outcome = outcome,
            FinishedAt = DateTimeOffset.UtcNow,
            PhaseDurationsMs = new Dictionary<string, double>(_phases),
            Reason = reason ?? Entry.Reason,
            Endpoint = endpoint ?? Entry.Endpoint,
        };
        await _ledger.AppendAsync(Entry, CancellationToken.None).ConfigureAwait(false);
        if (_gitHub is not null)
        {
            try
            {
                if (outcome is LedgerOutcomes.Succeeded or LedgerOutcomes.Unchanged)
                {
                    await _gitHub.SucceedAsync(endpoint ?? "", $"{Entry.Action} {outcome}", CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _gitHub.FailAsync($"{Entry.Action} {outcome}: {reason}", CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is Octokit.ApiException or HttpRequestException)
            {
                _log.Warning("Could not post the GitHub deployment status for {Environment}: {Error}", Request.Environment, exception.Message);
            }
        }

        return Entry;
    }
}
