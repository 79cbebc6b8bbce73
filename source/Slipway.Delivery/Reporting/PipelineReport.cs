using System.Globalization;
using Slipway.Delivery.Reporting.Metrics;
using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Reporting.Sources;

namespace Slipway.Delivery.Reporting;

/// <summary>
/// Builds the report of a pipeline run from the run record and the artifacts. A missing or unreadable input makes its
/// section "not available" with the reason; building never fails because of an input.
/// </summary>
public static class PipelineReport
{
    public static async Task<ReportModel> BuildAsync(ReportInputs inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        inputs.Validate();
        var now = inputs.Now ?? DateTimeOffset.UtcNow;
        var warnings = new List<string>();
        var display = new PathDisplay(inputs.DisplayRoot);

        var run = await RunRecordReader.ReadAsync(inputs.RunRecordPath, inputs.Stages, display, cancellationToken).ConfigureAwait(false);
        var tests = TrxReader.Read(inputs.TestResultsDirectory, display, warnings, run.Targets);
        var coverage = CoberturaReader.Read(inputs.TestResultsDirectory, display, warnings);
        var image = await ImageManifestReader.ReadAsync(inputs.ImageManifestPath, display, cancellationToken).ConfigureAwait(false);
        var models = await ModelManifestReader.ReadAsync(inputs.ModelsDirectory, display, warnings, cancellationToken).ConfigureAwait(false);
        var training = await TrainingReader.ReadAsync(inputs.RegistryPath, display, warnings, cancellationToken).ConfigureAwait(false);
        var latency = await LatencySampleReader.ReadAsync(inputs.LatencySamplePath, display, cancellationToken).ConfigureAwait(false);

        var (ledger, chain, ledgerReason) = await LedgerReader.ReadAsync(inputs.LedgerPath, display, warnings, cancellationToken).ConfigureAwait(false);
        var deployment = ledger is null ? new DeploymentSection { Reason = ledgerReason } : DeploymentSummaries.From(ledger, inputs.DeploymentHistory) with { Chain = LedgerChainReport.From(chain!) };
        var delivery = ledger is null
            ? new DeliverySection { Reason = ledgerReason, WindowEnd = now, WindowStart = now - inputs.DeliveryWindow, WindowDays = inputs.DeliveryWindow.TotalDays }
            : DeliveryMetricsCalculator.Calculate(ledger, now, inputs.DeliveryWindow);

        var model = new ReportModel
        {
            GeneratedAt = now,
            Headline = new Headline("Unknown", "", null),
            Run = run,
            Tests = tests,
            Coverage = coverage,
            Image = image,
            Models = models,
            Training = training,
            Deployment = deployment,
            Latency = latency,
            Delivery = delivery,
            Trend = new TrendSection { Reason = "not built yet" },
            Alerts = inputs.FiringAlerts is { } alerts
                ? new AlertsSection { Firing = alerts.OrderBy(a => a.StartsAt).ThenBy(a => a.Name, StringComparer.Ordinal).ToArray() }
                : AlertsSection.NotGiven,
            Warnings = warnings,
        };
        var trend = await TrendAsync(inputs, model, display, warnings, cancellationToken).ConfigureAwait(false);
        return model with { Headline = HeadlineOf(model), Trend = trend };
    }

    /// <summary>What the run history keeps of this report; null when the run record gave no start time.</summary>
    public static RunSummary? Summarize(ReportModel model)
    {
        if (model.Run.StartedAt is not { } startedAt)
            return null;
        return new RunSummary
        {
            StartedAt = startedAt,
            DurationMs = model.Run.DurationMs,
            Commit = model.Run.Commit,
            Outcome = OutcomeOf(model.Run),
            RequestedTargets = model.Run.RequestedTargets,
            Stages = model.Run.Stages,
            TestsTotal = model.Tests.Available ? model.Tests.Total : null,
            TestsFailed = model.Tests.Available ? model.Tests.Failed : null,
            LineRate = model.Coverage.LineRate,
            DeployOutcome = DeployOutcomeOfThisRun(model),
            LatencyP95Ms = model.Latency.Available ? model.Latency.LatencyMs.P95 : null,
        };
    }

    private static async Task<TrendSection> TrendAsync(ReportInputs inputs, ReportModel model, PathDisplay display, List<string> warnings, CancellationToken cancellationToken)
    {
        var history = inputs.HistoryPath is null
            ? []
            : await RunHistory.ReadAsync(inputs.HistoryPath, warnings, cancellationToken).ConfigureAwait(false);
        var current = Summarize(model);
        var runs = history.Where(r => current is null || r.StartedAt != current.StartedAt);
        if (current is not null)
            runs = runs.Append(current);
        var recent = runs.OrderBy(r => r.StartedAt).TakeLast(inputs.TrendRuns).ToArray();
        return recent.Length == 0
            ? new TrendSection { HistoryPath = display.Show(inputs.HistoryPath), Reason = $"No run history at '{display.Show(inputs.HistoryPath)}' and no run record; each Report run adds a line." }
            : new TrendSection { HistoryPath = display.Show(inputs.HistoryPath), Runs = recent };
    }

    /// <summary>The latest deployment's outcome when it started during this run; otherwise null.</summary>
    private static string? DeployOutcomeOfThisRun(ReportModel model)
    {
        var latest = model.Deployment.Latest;
        if (latest is null || model.Run.StartedAt is not { } start)
            return null;
        var end = model.Run.FinishedAt ?? model.GeneratedAt;
        return latest.StartedAt >= start && latest.StartedAt <= end ? latest.Outcome : null;
    }

    /// <summary>
    /// Succeeded, Failed, Aborted or Unknown. While the run is still going (the Report target reads the record the engine
    /// rewrites after each target: outcome "Running"), the targets so far decide.
    /// </summary>
    public static string OutcomeOf(RunSection run)
    {
        if (!run.Available)
            return "Unknown";
        return run.Outcome switch
        {
            "Succeeded" or "Failed" or "Aborted" => run.Outcome,
            "Running" when run.Targets.Any(t => t.Status == "Failed") => "Failed",
            "Running" when run.Targets.Any(t => t.Status == "Aborted") => "Aborted",
            "Running" => "Succeeded",
            _ => "Unknown",
        };
    }

    private static Headline HeadlineOf(ReportModel model)
    {
        var parts = new List<string>();
        var outcome = OutcomeOf(model.Run);
        var failedTarget = model.Run.Targets.FirstOrDefault(t => t.Status == "Failed")?.Name;
        parts.Add(outcome switch
        {
            "Succeeded" => "Pipeline succeeded",
            "Failed" when failedTarget is not null => $"Pipeline failed at {failedTarget}",
            "Failed" => "Pipeline failed",
            "Aborted" => "Pipeline aborted",
            _ => "Pipeline outcome unknown",
        });
        if (model.Tests.Available)
        {
            parts.Add(model.Tests.Failed == 0
                ? string.Create(CultureInfo.InvariantCulture, $"tests {model.Tests.Passed}/{model.Tests.Total} passed")
                : string.Create(CultureInfo.InvariantCulture, $"tests {model.Tests.Failed} of {model.Tests.Total} failed"));
        }
        if (model.Coverage.LineRate is { } lineRate)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"coverage {lineRate * 100:0.0}%"));
        if (DeployOutcomeOfThisRun(model) is { } deployOutcome)
        {
            var version = model.Deployment.Latest!.Version is { } v ? $" ({v})" : "";
            parts.Add($"deploy {deployOutcome}{version}");
        }
        if (model.Latency.Available && model.Latency.Requests > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"p95 {model.Latency.LatencyMs.P95:0.##} ms"));
        return new Headline(outcome, string.Join(" · ", parts), model.Run.Commit);
    }
}
