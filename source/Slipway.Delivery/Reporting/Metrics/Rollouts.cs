using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Metrics;

/// <summary>Turns one ledger entry's traffic moves, analysis checks and probe result into the report's rollout.</summary>
public static class Rollouts
{
    /// <returns>Null when the entry recorded no traffic move, no analysis check and no probe result (entries written before the ledger kept them).</returns>
    public static RolloutReport? From(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // a line written by hand or by an older writer may carry explicit nulls
        var traffic = (entry.Traffic ?? []).OrderBy(t => t.At).ToArray();
        var checks = (entry.Analyses ?? []).OrderBy(c => c.At).ToArray();
        if (traffic.Length == 0 && checks.Length == 0 && entry.Probes is null)
            return null;

        var candidate = entry.Colour ?? checks.Select(c => c.Colour).FirstOrDefault();
        var baseline = traffic.SelectMany(t => (t.Weights ?? new Dictionary<string, int>()).Keys)
            .Where(colour => !string.Equals(colour, candidate, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        var points = traffic.Select(t => Point(t, entry.StartedAt, candidate)).ToArray();
        return new RolloutReport
        {
            DeploymentId = entry.Id,
            Version = entry.Version,
            Strategy = entry.Strategy,
            Outcome = entry.Outcome,
            Reason = entry.Reason,
            StartedAt = entry.StartedAt,
            FinishedAt = entry.FinishedAt,
            Candidate = candidate,
            Baseline = baseline,
            Steps = Steps(points),
            Traffic = points,
            Phases = checks.Select(c => c.Phase).Distinct(StringComparer.Ordinal).ToArray(),
            Checks = checks,
            ChecksPassed = checks.Count(c => c.Verdict == AnalysisCheck.Pass),
            ChecksFailed = checks.Count(c => c.Verdict == AnalysisCheck.Fail),
            ChecksInconclusive = checks.Count(c => c.Verdict == AnalysisCheck.Inconclusive),
            Probes = entry.Probes is { } probes
                ? new ProbeReport(System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(probes.Verdict.ToString()), probes.Message, probes.ProbeCount, probes.MinCosine)
                : null,
            ProbeLoadSent = entry.ProbeLoadSent,
            ProbeLoadFailed = entry.ProbeLoadFailed,
            Prometheus = entry.Prometheus,
            Alertmanager = entry.Alertmanager,
        };
    }

    private static TrafficPoint Point(TrafficChange change, DateTimeOffset startedAt, string? candidate)
    {
        var weights = new SortedDictionary<string, int>(
            (change.Weights ?? new Dictionary<string, int>()).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        // a colour the edge does not list gets no traffic
        int? share = candidate is null ? null : weights.GetValueOrDefault(candidate);
        return new TrafficPoint(change.At, Math.Round((change.At - startedAt).TotalSeconds, 3), share, weights);
    }

    /// <summary>The candidate's shares in order, a repeated share (a move that left it unchanged) once.</summary>
    private static int[] Steps(IEnumerable<TrafficPoint> points)
    {
        var steps = new List<int>();
        foreach (var share in points.Select(p => p.CandidatePercent).OfType<int>())
        {
            if (steps.Count == 0 || steps[^1] != share)
                steps.Add(share);
        }
        return [.. steps];
    }
}
