using Serilog;
using Slipway.Delivery.Reporting.GitHub;

namespace Slipway.Delivery.Reporting;

/// <summary>
/// The Report target in one call: build the report, write it, record the run in the history,
/// and on GitHub Actions append the Markdown to the job summary and post the commit status.
/// </summary>
public static class ReportGenerator
{
    /// <param name="environment">Reads environment variables; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    public static async Task<ReportResult> GenerateAsync(
        ReportInputs inputs,
        string outputDirectory,
        Func<string, string?>? environment = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        var log = logger ?? Log.Logger;
        environment ??= Environment.GetEnvironmentVariable;
        var model = await PipelineReport.BuildAsync(inputs, cancellationToken).ConfigureAwait(false);
        var files = await ReportWriter.WriteAsync(model, outputDirectory, cancellationToken).ConfigureAwait(false);
        log.Information("Report written to {ReportPath}: {Headline}", files.Html, model.Headline.Summary);
        foreach (var warning in model.Warnings)
            log.Warning("Report input: {Warning}", warning);

        var historyRecorded = false;
        if (inputs.HistoryPath is not null && PipelineReport.Summarize(model) is { } summary)
        {
            await RunHistory.RecordAsync(inputs.HistoryPath, summary, cancellationToken).ConfigureAwait(false);
            historyRecorded = true;
        }
        var summaryWritten = await StepSummary.AppendAsync(await File.ReadAllTextAsync(files.Markdown, cancellationToken).ConfigureAwait(false), environment, log, cancellationToken).ConfigureAwait(false);
        bool statusPublished;
        try
        {
            statusPublished = await CommitStatusPublisher.PublishIfOnGitHubAsync(model, environment, log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or Octokit.ApiException)
        {
            // The report itself is written; a status GitHub refused should not hide the pipeline's own outcome.
            log.Warning("GitHub commit status not posted: {Message}", exception.Message);
            statusPublished = false;
        }
        return new ReportResult(model, files, historyRecorded, summaryWritten, statusPublished);
    }
}
