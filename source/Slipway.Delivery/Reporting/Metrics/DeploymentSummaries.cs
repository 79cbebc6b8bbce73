using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Metrics;

/// <summary>Turns ledger entries into the report's deployment section.</summary>
public static class DeploymentSummaries
{
    public static DeploymentSection From(IReadOnlyList<LedgerEntry> entries, int historyLength)
    {
        if (entries.Count == 0)
            return new DeploymentSection { Reason = "The deployment ledger has no entries yet; they appear after the first Deploy." };
        var newestFirst = entries.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToArray();
        var summaries = newestFirst.Select(Summarize).ToArray();
        var latestDeploy = newestFirst.FirstOrDefault(e => e.Action == LedgerOutcomes.Deploy);
        return new DeploymentSection
        {
            Latest = summaries[0],
            History = summaries.Take(historyLength).ToArray(),
            Rollout = latestDeploy is null ? null : Rollouts.From(latestDeploy),
        };
    }

    public static DeploymentSummary Summarize(LedgerEntry entry)
    {
        var phases = entry.PhaseDurationsMs ?? new Dictionary<string, double>();
        double? Phase(string name) => phases.TryGetValue(name, out var ms) ? ms : null;
        var start = Phase("start");
        var healthy = Phase("healthy");
        var ready = Phase("ready");
        return new DeploymentSummary
        {
            Id = entry.Id,
            Environment = entry.Environment,
            Action = entry.Action,
            Outcome = entry.Outcome,
            Who = entry.Who,
            StartedAt = entry.StartedAt,
            FinishedAt = entry.FinishedAt,
            DurationMs = entry.FinishedAt is { } finished ? Math.Round((finished - entry.StartedAt).TotalMilliseconds, 3) : null,
            Commit = entry.Commit,
            RunUrl = entry.RunUrl,
            CommitTime = entry.CommitTime,
            Version = entry.Version,
            ImageId = entry.ImageId,
            PreviousImageId = entry.PreviousImageId,
            Reason = entry.Reason,
            // the ready gate also watches the HEALTHCHECK; entries from before it had a separate healthy phase
            TimeToHealthyMs = start is null && healthy is null && ready is null ? null : (start ?? 0) + (healthy ?? ready ?? 0),
            SwitchMs = Phase("switch"),
            Backend = entry.Backend,
            Colour = entry.Colour,
            Endpoint = entry.Endpoint,
            Strategy = entry.Strategy,
            PhaseDurationsMs = new SortedDictionary<string, double>(phases.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
            Models = entry.Models ?? [],
        };
    }
}
