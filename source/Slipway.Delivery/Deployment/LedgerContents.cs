namespace Slipway.Delivery.Deployment;

/// <summary>The readable entries of a ledger and how many torn or unreadable lines were skipped.</summary>
public sealed record LedgerContents(IReadOnlyList<LedgerEntry> Entries, int SkippedLines);
