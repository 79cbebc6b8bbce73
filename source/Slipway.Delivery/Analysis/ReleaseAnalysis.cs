using System.Diagnostics;
using System.Globalization;
using Serilog;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Waiting;

namespace Slipway.Delivery.Analysis;

/// <summary>
/// Judges a version over a window of traffic from Prometheus's HTTP API: the candidate's success rate and p99 against
/// the thresholds and against the baseline in the same window. A failing success rate ends the window at once (the
/// candidate loses its traffic as soon as it is known bad); latency is judged at the end of the window, over all of it;
/// a passing candidate must last the whole window; too few
/// requests until the timeout, or Prometheus not answering, is inconclusive, and inconclusive never promotes.
/// </summary>
public sealed class ReleaseAnalysis(PrometheusClient prometheus, AnalysisDefinition definition, ILogger log)
{
    public AnalysisDefinition Definition { get; } = definition;

    /// <param name="phase">What the window is, for the ledger and messages ("step 10%", "watch").</param>
    /// <param name="candidate">The colour judged.</param>
    /// <param name="baseline">The colour compared with; null when none serves beside the candidate.</param>
    /// <param name="knownBaselineP99">The baseline's p99 from an earlier window (seconds), used when the baseline has no traffic in this one.</param>
    /// <param name="duration">How long a passing candidate must last.</param>
    public async Task<AnalysisVerdict> JudgeAsync(string phase, string candidate, string? baseline, double? knownBaselineP99, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var giveUp = duration > Definition.Timeout ? duration : Definition.Timeout;
        return await Poll.UntilAsync<AnalysisVerdict>(async ct =>
        {
            var window = clock.Elapsed;
            try
            {
                return await EvaluateAsync(phase, candidate, baseline, knownBaselineP99, window, window >= duration, window >= giveUp, ct).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is PrometheusUnavailableException or PrometheusQueryException)
            {
                var message = $"The {phase} analysis of '{candidate}' is inconclusive: {exception.Message} Without metrics nothing is promoted.";
                return (new AnalysisVerdict(AnalysisCheck.Inconclusive, message, []), message);
            }
        }, Definition.Interval, giveUp + TimeSpan.FromMinutes(1), last => new TimeoutException(last), cancellationToken).ConfigureAwait(false);
    }

    private async Task<(AnalysisVerdict? Result, string Status)> EvaluateAsync(
        string phase, string candidate, string? baseline, double? knownBaselineP99, TimeSpan window, bool lasted, bool timedOut, CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        var selector = AnalysisDefinition.ColourSelector(candidate);
        var requestsQuery = AnalysisDefinition.RequestsQuery(selector, window);
        var requests = await prometheus.QueryScalarAsync(requestsQuery, cancellationToken).ConfigureAwait(false) ?? 0;
        var throttled = await prometheus.QueryScalarAsync(AnalysisDefinition.ThrottledQuery(selector, window), cancellationToken).ConfigureAwait(false);
        var requestsCheck = new AnalysisCheck(at, phase, candidate, "requests", requestsQuery, Math.Round(requests, 1), ">=", Definition.MinRequests,
            requests >= Definition.MinRequests ? AnalysisCheck.Pass : AnalysisCheck.Inconclusive) { Throttled = throttled };
        if (requests < Definition.MinRequests)
        {
            var status = $"{requests:0} of the {Definition.MinRequests} requests needed after {window.TotalSeconds:0} s";
            if (!timedOut)
                return (null, status);
            var message = $"The {phase} analysis of '{candidate}' is inconclusive: only {status} (analysis timeout {Definition.Timeout.TotalSeconds:0} s). " +
                          "Send more traffic (raise --analysis-load) or allow more time (--analysis-timeout); nothing was promoted.";
            return (new AnalysisVerdict(AnalysisCheck.Inconclusive, message, [requestsCheck]), status);
        }

        var successQuery = AnalysisDefinition.SuccessRateQuery(selector, window);
        var success = await prometheus.QueryScalarAsync(successQuery, cancellationToken).ConfigureAwait(false);
        var p99Query = AnalysisDefinition.P99Query(selector, window);
        var p99 = await prometheus.QueryScalarAsync(p99Query, cancellationToken).ConfigureAwait(false);
        var baselineP99 = knownBaselineP99;
        if (baseline is not null)
        {
            var baselineSelector = AnalysisDefinition.ColourSelector(baseline);
            var baselineRequests = await prometheus.QueryScalarAsync(AnalysisDefinition.RequestsQuery(baselineSelector, window), cancellationToken).ConfigureAwait(false) ?? 0;
            if (baselineRequests >= Definition.MinRequests)
                baselineP99 = await prometheus.QueryScalarAsync(AnalysisDefinition.P99Query(baselineSelector, window), cancellationToken).ConfigureAwait(false) ?? knownBaselineP99;
        }

        var bound = Definition.P99Bound(baselineP99 is { } b ? TimeSpan.FromSeconds(b) : null).TotalSeconds;
        var successCheck = new AnalysisCheck(at, phase, candidate, "success-rate", successQuery, success is { } s ? Math.Round(s, 4) : null, ">=", Definition.MinSuccessRate,
            success is null ? AnalysisCheck.Inconclusive : success >= Definition.MinSuccessRate ? AnalysisCheck.Pass : AnalysisCheck.Fail);
        var p99Check = new AnalysisCheck(at, phase, candidate, "p99", p99Query, p99 is { } p ? Math.Round(p, 4) : null, "<=", Math.Round(bound, 4),
            p99 is null ? AnalysisCheck.Inconclusive : p99 <= bound ? AnalysisCheck.Pass : AnalysisCheck.Fail) { Baseline = baselineP99 is { } bp ? Math.Round(bp, 4) : null };
        IReadOnlyList<AnalysisCheck> checks = [requestsCheck, successCheck, p99Check];

        if (successCheck.Verdict == AnalysisCheck.Fail)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"The {phase} analysis failed: the success rate of '{candidate}' was {success:0.####} over {requests:0} requests, below the minimum {Definition.MinSuccessRate} (--min-success-rate).");
            return (new AnalysisVerdict(AnalysisCheck.Fail, message, checks), message);
        }

        // Latency is judged over the whole window: a few slow first answers of a fresh process are not its p99, while a
        // failed request is a failure whenever it happens.
        if (p99Check.Verdict == AnalysisCheck.Fail && (lasted || timedOut))
        {
            var against = baselineP99 is { } known
                ? string.Create(CultureInfo.InvariantCulture, $"the bound {bound * 1000:0} ms (baseline p99 {known * 1000:0} ms × {Definition.MaxLatencyRatio} --max-latency-ratio, at most --max-p99 {Definition.MaxP99.TotalMilliseconds:0} ms)")
                : string.Create(CultureInfo.InvariantCulture, $"--max-p99 {Definition.MaxP99.TotalMilliseconds:0} ms");
            var message = string.Create(CultureInfo.InvariantCulture, $"The {phase} analysis failed: the p99 latency of '{candidate}' was {p99 * 1000:0} ms over {requests:0} requests, above {against}.");
            return (new AnalysisVerdict(AnalysisCheck.Fail, message, checks), message);
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"success rate {success:0.####}, p99 {(p99 ?? double.NaN) * 1000:0} ms (bound {bound * 1000:0} ms) over {requests:0} requests");
        if (checks.Any(check => check.Verdict == AnalysisCheck.Inconclusive))
        {
            if (!timedOut)
                return (null, summary);
            var message = $"The {phase} analysis of '{candidate}' is inconclusive: Prometheus gave no value for {string.Join(" and ", checks.Where(c => c.Verdict == AnalysisCheck.Inconclusive).Select(c => c.Metric))} ({summary}); nothing was promoted.";
            return (new AnalysisVerdict(AnalysisCheck.Inconclusive, message, checks), message);
        }

        if (!lasted || p99Check.Verdict == AnalysisCheck.Fail)
            return (null, summary);
        log.Information("Analysis {Phase} of {Colour} passed: {Summary}", phase, candidate, summary);
        return (new AnalysisVerdict(AnalysisCheck.Pass, $"The {phase} analysis of '{candidate}' passed: {summary}.", checks) { BaselineP99 = baselineP99 ?? p99 }, summary);
    }
}
