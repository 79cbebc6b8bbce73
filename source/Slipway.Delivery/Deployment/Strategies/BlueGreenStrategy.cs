using Serilog;
using Slipway.Delivery.Deployment.Gates;

namespace Slipway.Delivery.Deployment.Strategies;

/// <summary>
/// All traffic moves at once after the gates; the smoke inference is then sent through the edge, and the analysis
/// watches the new version for <see cref="DeployRequest.Watch"/> while the old one waits, idle, to take everything back.
/// </summary>
internal sealed class BlueGreenStrategy(DeploymentAttempt attempt, ReleaseJudge judge, ILogger log) : IDeploymentStrategy
{
    public string Name => "blue-green";

    public async Task<StrategyResult> RunAsync(IRelease release, CancellationToken cancellationToken)
    {
        await attempt.PhaseAsync("switch", () => release.RouteAsync(100, cancellationToken)).ConfigureAwait(false);
        try
        {
            await attempt.PhaseAsync("verify", () => release.VerifyAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (GateFailedException failure)
        {
            return await BackAsync(release, $"Deploy to '{attempt.Request.Environment}' failed at the 'verify' gate: {failure.Message}", cancellationToken).ConfigureAwait(false);
        }

        if (attempt.Request.Watch <= TimeSpan.Zero || release.Baseline is null)
        {
            if (release.Baseline is null && attempt.Request.Watch > TimeSpan.Zero)
                log.Information("First deploy of {Environment}: no previous version to go back to, so no watch window", attempt.Request.Environment);
            return StrategyResult.Promoted;
        }

        var verdict = await attempt.PhaseAsync("watch", () => judge.JudgeAsync("watch", release.Candidate, null, null, attempt.Request.Watch, cancellationToken)).ConfigureAwait(false);
        return verdict.Passed ? StrategyResult.Promoted : await BackAsync(release, verdict.Message, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StrategyResult> BackAsync(IRelease release, string reason, CancellationToken cancellationToken)
    {
        if (release.Baseline is not null)
            await release.RouteAsync(0, CancellationToken.None).ConfigureAwait(false);
        return StrategyResult.RolledBack(reason);
    }
}
