using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Metrics;

/// <summary>
/// The four DORA metrics from ledger entries. Only <c>deploy</c> actions with a final outcome count
/// (succeeded, failed, rolled-back); <c>started</c> (unfinished) and <c>unchanged</c> (nothing new shipped) do not.
/// </summary>
public static class DeliveryMetricsCalculator
{
    public static DeliverySection Calculate(IReadOnlyList<LedgerEntry> entries, DateTimeOffset windowEnd, TimeSpan window)
    {
        var windowStart = windowEnd - window;
        var deploys = entries
            .Where(e => e.Action == "deploy" && e.Outcome is "succeeded" or "failed" or "rolled-back")
            .Where(e => e.StartedAt >= windowStart && e.StartedAt <= windowEnd)
            .OrderBy(e => e.StartedAt)
            .ToArray();
        var successes = deploys.Where(IsSuccess).ToArray();
        var failures = deploys.Where(e => !IsSuccess(e)).ToArray();

        var leadTimes = successes
            .Where(e => e.CommitTime is not null)
            .Select(e => (Finished(e) - e.CommitTime!.Value).TotalSeconds)
            .Where(seconds => seconds >= 0)
            .ToArray();

        // A run of failures ends at the next success: restore time is measured from the first failure of the run.
        var restores = new List<double>();
        DateTimeOffset? failingSince = null;
        foreach (var deploy in deploys)
        {
            if (!IsSuccess(deploy))
                failingSince ??= Finished(deploy);
            else if (failingSince is { } since)
            {
                restores.Add(Math.Max(0, (Finished(deploy) - since).TotalSeconds));
                failingSince = null;
            }
        }

        return new DeliverySection
        {
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            WindowDays = Math.Round(window.TotalDays, 3),
            Deployments = deploys.Length,
            SuccessfulDeployments = successes.Length,
            FailedDeployments = failures.Length,
            DeploymentFrequencyPerDay = Math.Round(successes.Length / window.TotalDays, 4),
            LeadTimeMedianSeconds = Median(leadTimes),
            LeadTimeSamples = leadTimes.Length,
            ChangeFailureRate = deploys.Length == 0 ? null : Math.Round((double)failures.Length / deploys.Length, 4),
            TimeToRestoreMedianSeconds = Median(restores),
            RestoreSamples = restores.Count,
            UnrestoredFailure = failingSince is not null,
        };
    }

    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            return null;
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 3);
    }

    private static bool IsSuccess(LedgerEntry entry) => entry.Outcome == "succeeded";

    private static DateTimeOffset Finished(LedgerEntry entry) => entry.FinishedAt ?? entry.StartedAt;
}
