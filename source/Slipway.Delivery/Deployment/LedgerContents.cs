namespace Slipway.Delivery.Deployment;

/// <summary>The readable entries of a ledger, in file order, and the torn or unreadable lines that were skipped.</summary>
public sealed record LedgerContents(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<UnreadableLedgerLine> UnreadableLines)
{
    public int SkippedLines => UnreadableLines.Count;
}
