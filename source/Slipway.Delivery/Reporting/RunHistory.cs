using System.Text.Json;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting;

/// <summary>
/// The run history: one <see cref="RunSummary"/> per line (JSON Lines), by default <c>.nuke/history/runs.jsonl</c>,
/// outside <c>artifacts/</c> so that Clean keeps it. A run is identified by its start time: recording it twice keeps one line.
/// </summary>
public static class RunHistory
{
    public const string DefaultRelativePath = ".nuke/history/runs.jsonl";

    /// <summary>Lines kept; older ones are dropped when a run is recorded.</summary>
    public const int MaxRuns = 200;

    public static async Task<IReadOnlyList<RunSummary>> ReadAsync(string path, ICollection<string>? warnings = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            return [];
        var runs = new List<RunSummary>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                if (JsonSerializer.Deserialize<RunSummary>(line, ReportJson.Lines) is { } run)
                    runs.Add(run);
            }
            catch (JsonException exception)
            {
                warnings?.Add($"Run history '{Path.GetFileName(path)}' line {lineNumber} is not a run summary ({exception.Message}); skipped.");
            }
        }
        return runs.GroupBy(r => r.StartedAt).Select(g => g.Last()).OrderBy(r => r.StartedAt).ToArray();
    }

    /// <summary>Adds (or replaces) the run that started at <see cref="RunSummary.StartedAt"/> and keeps the newest <see cref="MaxRuns"/>.</summary>
    public static async Task RecordAsync(string path, RunSummary run, CancellationToken cancellationToken = default)
    {
        var runs = (await ReadAsync(path, null, cancellationToken).ConfigureAwait(false))
            .Where(r => r.StartedAt != run.StartedAt)
            .Append(run)
            .OrderBy(r => r.StartedAt)
            .TakeLast(MaxRuns)
            .Select(r => JsonSerializer.Serialize(r, ReportJson.Lines));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        await File.WriteAllLinesAsync(temporary, runs, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
