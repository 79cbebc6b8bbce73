using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// Verifies a ledger's hash chain (<see cref="LedgerChain"/>) and, when given, that the anchor a report or GitHub status
/// carried is still one of its lines: the chain catches an edited, inserted or removed line, the anchor a rewritten end.
/// </summary>
public static class LedgerAudit
{
    /// <param name="anchor">A chain head from an earlier report or GitHub status (16 to 64 hex digits), or null.</param>
    public static async Task<LedgerAuditResult> RunAsync(string path, string? anchor = null, CancellationToken cancellationToken = default)
    {
        var ledger = new DeploymentLedger(path);
        if (!File.Exists(ledger.Path))
        {
            return new LedgerAuditResult(false,
                $"There is no ledger at '{ledger.Path}'. Pass the environment (--environment) or the file (--ledger) to audit; a ledger that existed and is gone was removed.");
        }

        var chain = (await ledger.ReadAsync(cancellationToken).ConfigureAwait(false)).Chain;
        var report = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        report.Append(invariant, $"Ledger '{ledger.Path}': {chain.HeadLine} complete lines, head {chain.Head ?? "none"}");
        report.Append(chain.StartLine is { } start
            ? string.Create(invariant, $"; chained from line {start}, {chain.VerifiedLines} links verified")
            : "; no line is chained (written before the ledger chained its lines: the chain starts with the next entry)");
        if (chain.IncompleteLastLine is { } incomplete)
            report.Append(invariant, $"; line {incomplete} is incomplete (a crash mid-write; the next entry chains to it)");
        report.Append('.');

        var ok = true;
        if (chain.Breaks.Count > 0)
        {
            ok = false;
            var first = chain.Breaks[0];
            report.Append(invariant, $" The chain is broken. First bad line: {first.Problem} {first.Advice}");
            if (chain.Breaks.Count > 1)
                report.Append(invariant, $" {chain.Breaks.Count - 1} more break(s), at line(s) {string.Join(", ", chain.Breaks.Skip(1).Select(b => b.LineNumber))}.");
        }
        if (!string.IsNullOrWhiteSpace(anchor))
        {
            if (chain.FindAnchor(anchor) is { } line)
            {
                report.Append(invariant, $" The anchor {anchor.Trim()} is line {line}.");
            }
            else
            {
                ok = false;
                report.Append(invariant, $" No line hashes to the anchor {anchor.Trim()}: the line it anchored was changed or removed, so the ledger was truncated or rewritten after the report or status that carried it. Compare the ledger with a backup or the reports since then.");
            }
        }
        return new LedgerAuditResult(ok, report.ToString());
    }
}

/// <param name="Passed">The chain holds and the anchor, when given, was found.</param>
/// <param name="Report">What was checked and, on a failure, the first bad line, what is wrong and how to investigate.</param>
public sealed record LedgerAuditResult(bool Passed, string Report);
