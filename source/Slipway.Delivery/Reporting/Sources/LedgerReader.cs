using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>
/// Reads the deployment ledger through <see cref="DeploymentLedger.ReadAsync"/>. A line that cannot be read becomes a
/// warning naming its line number; when an id appears more than once (a "started" line, then its outcome) the last line wins.
/// </summary>
internal static class LedgerReader
{
    /// <returns>The entries ordered by start and the hash chain, or null with the reason when there is no ledger.</returns>
    public static async Task<(IReadOnlyList<LedgerEntry>? Entries, LedgerChain? Chain, string? Reason)> ReadAsync(string? path, PathDisplay display, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        if (path is null)
            return (null, null, "No deployment ledger was given; the Deploy target passes its ledger path to the report.");
        if (!File.Exists(path))
            return (null, null, $"No deployment ledger at '{display.Show(path)}'; it appears after the first Deploy.");
        LedgerContents contents;
        try
        {
            contents = await new DeploymentLedger(path).ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, null, $"The deployment ledger '{display.Show(path)}' cannot be read ({exception.Message}); check its permissions, or move it aside to start a new one.");
        }
        foreach (var line in contents.UnreadableLines)
            warnings.Add($"Ledger '{Path.GetFileName(path)}' line {line.LineNumber} is not a ledger entry ({line.Problem}); skipped.");
        if (contents.Chain.Breaks.Count > 0)
            warnings.Add($"Ledger '{Path.GetFileName(path)}' hash chain is broken at {contents.Chain.Breaks[0]} Run ./build.sh Audit for every break.");
        var byId = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var entry in contents.Entries)
            byId[entry.Id] = entry;
        return (byId.Values.OrderBy(e => e.StartedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray(), contents.Chain, null);
    }
}
