using System.Text.Json;
using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>
/// Reads the deployment ledger (JSON Lines of <see cref="LedgerEntry"/>). A line that cannot be read becomes a warning;
/// when an id appears more than once (a "started" line, then its outcome) the last line wins.
/// </summary>
internal static class LedgerReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <returns>The entries ordered by start, or null with the reason when there is no ledger.</returns>
    public static async Task<(IReadOnlyList<LedgerEntry>? Entries, string? Reason)> ReadAsync(string? path, PathDisplay display, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        if (path is null)
            return (null, "No deployment ledger was given; the Deploy target passes its ledger path to the report.");
        if (!File.Exists(path))
            return (null, $"No deployment ledger at '{display.Show(path)}'; it appears after the first Deploy.");
        var byId = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                var entry = JsonSerializer.Deserialize<LedgerEntry>(line, Options);
                if (entry is not null)
                    byId[entry.Id] = entry;
            }
            catch (JsonException exception)
            {
                warnings.Add($"Ledger '{Path.GetFileName(path)}' line {lineNumber} is not a ledger entry ({exception.Message}); skipped.");
            }
        }
        return (byId.Values.OrderBy(e => e.StartedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray(), null);
    }
}
