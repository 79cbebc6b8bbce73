using Serilog;
using Slipway.Delivery.Deployment.Gates;

namespace Slipway.Delivery.Deployment.Strategies;

/// <summary>
/// The candidate takes traffic in steps (<see cref="DeployRequest.CanarySteps"/>, e.g. 10%, 50%, 100%); at each step the
/// analysis compares it with the baseline for <see cref="DeployRequest.StepDuration"/>, and after 100% it watches for
/// <see cref="DeployRequest.Watch"/>. A failed or inconclusive analysis puts all traffic back on the baseline at once.
/// A first deploy has no baseline to compare with or go back to: it takes everything after the gates.
/// </summary>
internal sealed class CanaryStrategy(DeploymentAttempt attempt, ReleaseJudge judge, ILogger log) : IDeploymentStrategy
{
    public string Name => "canary";

    public async Task<StrategyResult> RunAsync(IRelease release, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        if (release.Baseline is null)
        {
            // nothing to compare with or go back to: the first version takes everything after its gates, as blue/green does
            log.Information("First deploy of {Environment}: no baseline to compare with, so the candidate takes all traffic after the gates", request.Environment);
            return await new BlueGreenStrategy(attempt, judge, log).RunAsync(release, cancellationToken).ConfigureAwait(false);
        }

        if (!judge.CanJudge)
            return StrategyResult.RolledBack("A canary needs the environment's monitoring to judge its steps; none runs. Nothing was promoted.");

        double? knownBaselineP99 = null;
        foreach (var percent in request.CanarySteps)
        {
            var phase = $"step {percent}%";
            await attempt.PhaseAsync($"route {percent}%", () => release.RouteAsync(percent, cancellationToken)).ConfigureAwait(false);
            if (percent == 100)
            {
                try
                {
                    await attempt.PhaseAsync("verify", () => release.VerifyAsync(cancellationToken)).ConfigureAwait(false);
                }
                catch (GateFailedException failure)
                {
                    return await BackAsync(release, $"The canary of '{request.Environment}' failed at the 'verify' gate: {failure.Message}").ConfigureAwait(false);
                }
            }

            var verdict = await attempt.PhaseAsync(phase, () => judge.JudgeAsync(phase, release.Candidate, percent == 100 ? null : release.Baseline, knownBaselineP99, request.StepDuration, cancellationToken)).ConfigureAwait(false);
            if (!verdict.Passed)
                return await BackAsync(release, verdict.Message).ConfigureAwait(false);
            knownBaselineP99 = verdict.BaselineP99 ?? knownBaselineP99;
        }

        if (request.Watch > TimeSpan.Zero)
        {
            var watch = await attempt.PhaseAsync("watch", () => judge.JudgeAsync("watch", release.Candidate, null, knownBaselineP99, request.Watch, cancellationToken)).ConfigureAwait(false);
            if (!watch.Passed)
                return await BackAsync(release, watch.Message).ConfigureAwait(false);
        }

        return StrategyResult.Promoted;
    }

    private static async Task<StrategyResult> BackAsync(IRelease release, string reason)
    {
        // never cancelled: the candidate loses its traffic even when the deploy is being stopped
        await release.RouteAsync(0, CancellationToken.None).ConfigureAwait(false);
        return StrategyResult.RolledBack(reason);
    }
}
