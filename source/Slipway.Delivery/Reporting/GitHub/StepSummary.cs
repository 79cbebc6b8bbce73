using System.Text;
using Serilog;

namespace Slipway.Delivery.Reporting.GitHub;

/// <summary>Appends Markdown to the GitHub Actions job summary (the file named by GITHUB_STEP_SUMMARY).</summary>
public static class StepSummary
{
    public const string Variable = "GITHUB_STEP_SUMMARY";

    /// <returns>True when written; false (with one log line) when GITHUB_STEP_SUMMARY is not set.</returns>
    public static async Task<bool> AppendAsync(string markdown, Func<string, string?> environment, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var log = logger ?? Log.Logger;
        var path = environment(Variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            log.Information("Job summary skipped: {Variable} is not set (not running on GitHub Actions)", Variable);
            return false;
        }
        await File.AppendAllTextAsync(path, markdown.EndsWith('\n') ? markdown : markdown + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        log.Information("Report appended to the job summary");
        return true;
    }
}
