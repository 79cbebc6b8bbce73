using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting;

namespace Slipway.Delivery.Tests.Reporting.Rendering;

/// <summary>Ledger entries built in code and written through the ledger's own writer, for tests that need one detail only.</summary>
internal static class LedgerEntries
{
    public static readonly DateTimeOffset StartedAt = ReportFixtures.Now.AddHours(-1);

    public static LedgerEntry Deploy(string strategy, string colour = "green") => new()
    {
        Id = "t1",
        Environment = "staging",
        Action = LedgerOutcomes.Deploy,
        Outcome = LedgerOutcomes.Succeeded,
        Who = "test",
        StartedAt = StartedAt,
        FinishedAt = StartedAt.AddSeconds(30),
        Version = "9.9.9",
        Colour = colour,
        Strategy = strategy,
        Prometheus = "http://127.0.0.1:9090",
        Alertmanager = "http://127.0.0.1:9093",
    };

    public static AnalysisCheck Check(string phase, string metric, double? value, string comparison, double threshold, string verdict = AnalysisCheck.Pass, string colour = "green", string? query = null) =>
        new(StartedAt.AddSeconds(20), phase, colour, metric, query ?? $"{metric}{{colour=\"{colour}\"}}", value, comparison, threshold, verdict);

    /// <summary>Writes <paramref name="entry"/> to a ledger in <paramref name="directory"/> and returns report inputs that read only it.</summary>
    public static async Task<ReportInputs> InputsAsync(string directory, LedgerEntry entry)
    {
        var path = Path.Combine(directory, "ledger.jsonl");
        await new DeploymentLedger(path).AppendAsync(entry);
        return new ReportInputs { LedgerPath = path, Now = ReportFixtures.Now };
    }
}
