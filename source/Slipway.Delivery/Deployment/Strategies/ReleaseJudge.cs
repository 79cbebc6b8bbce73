using Serilog;
using Slipway.Delivery.Analysis;

namespace Slipway.Delivery.Deployment.Strategies;

/// <summary>
/// The analysis a strategy asks between traffic moves: starts the deploy's probe load through the edge on first use,
/// judges each window with <see cref="ReleaseAnalysis"/>, and records every verdict's checks in the ledger attempt.
/// Without monitoring (null analysis) there is nothing to judge with, and a strategy that needs a verdict fails safe.
/// </summary>
internal sealed class ReleaseJudge(DeploymentAttempt attempt, ReleaseAnalysis? analysis, Uri edge, ILogger log) : IAsyncDisposable
{
    private ProbeLoad? _load;

    public bool CanJudge => analysis is not null;

    public async Task<AnalysisVerdict> JudgeAsync(string phase, string candidate, string? baseline, double? knownBaselineP99, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (analysis is null)
        {
            return new AnalysisVerdict(AnalysisCheck.Inconclusive, $"The {phase} analysis cannot run: the environment has no monitoring. Turn monitoring on, or deploy blue/green with --watch 0.", []);
        }

        _load ??= await ProbeLoad.StartAsync(edge, attempt.Request.ResolvedSmokeModel, attempt.Request.AnalysisLoad, log, attempt.Request.ClientApiKey, cancellationToken).ConfigureAwait(false);
        log.Information("Analysis {Phase}: judging {Candidate} against {Baseline} for {Seconds} s", phase, candidate, baseline ?? "the thresholds", duration.TotalSeconds);
        var verdict = await analysis.JudgeAsync(phase, candidate, baseline, knownBaselineP99, duration, cancellationToken).ConfigureAwait(false);
        attempt.Update(entry => entry with { Analyses = [.. entry.Analyses, .. verdict.Checks] });
        if (!verdict.Passed)
        {
            log.Error("{Message}", verdict.Message);
        }

        return verdict;
    }

    public async ValueTask DisposeAsync()
    {
        if (_load is null)
            return;
        await _load.DisposeAsync().ConfigureAwait(false);
        attempt.Update(entry => entry with { ProbeLoadSent = _load.Sent, ProbeLoadFailed = _load.Failed });
    }
}
