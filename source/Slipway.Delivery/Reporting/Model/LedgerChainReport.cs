using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Reporting.Model;

/// <summary>The ledger's hash chain as the report shows it: the head is the anchor to compare a later Audit with.</summary>
public sealed record LedgerChainReport
{
    /// <summary>The SHA-256 of the ledger's last complete line; null for an empty ledger.</summary>
    public string? Head { get; init; }
    public int HeadLine { get; init; }
    /// <summary>The first line that carries a previous hash; null when the ledger was written before chaining.</summary>
    public int? StartLine { get; init; }
    public int VerifiedLines { get; init; }
    public bool Intact { get; init; }
    /// <summary>The first bad line, what is wrong and how to investigate; null when the chain holds.</summary>
    public string? FirstBreak { get; init; }

    public static LedgerChainReport From(LedgerChain chain) => new()
    {
        Head = chain.Head,
        HeadLine = chain.HeadLine,
        StartLine = chain.StartLine,
        VerifiedLines = chain.VerifiedLines,
        Intact = chain.Intact,
        FirstBreak = chain.Breaks.Count == 0 ? null : chain.Breaks[0].ToString(),
    };
}
