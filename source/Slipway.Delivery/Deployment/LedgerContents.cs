namespace Slipway.Delivery.Deployment;

/// <summary>The readable entries of a ledger, in file order, the torn or unreadable lines that were skipped, and its hash chain.</summary>
public sealed record LedgerContents(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<UnreadableLedgerLine> UnreadableLines)
{
    public int SkippedLines => UnreadableLines.Count;

    public LedgerChain Chain { get; init; } = LedgerChain.Empty;
}
