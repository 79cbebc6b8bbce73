namespace Slipway.Delivery.Deployment;

/// <summary>A ledger line that is not an entry (typically one torn by a crash mid-write): its 1-based number and why.</summary>
public sealed record UnreadableLedgerLine(int LineNumber, string Problem);
