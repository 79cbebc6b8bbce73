using System.Security.Cryptography;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// The hash chain of a ledger: each line written by <see cref="DeploymentLedger.AppendAsync"/> carries in
/// <see cref="LedgerEntry.Previous"/> the SHA-256 (lowercase hex) of the bytes of the line before it, without its newline;
/// the first line of a file carries <see cref="Genesis"/>. Lines written before chaining have no <c>previous</c>: the chain
/// starts at the first line that has one. <see cref="Head"/>, the hash of the last complete line, is the anchor the report
/// and the GitHub status carry: a rewrite of the end of the file changes it.
/// </summary>
public sealed record LedgerChain
{
    /// <summary>What the first line of a ledger carries as its previous hash.</summary>
    public static readonly string Genesis = new('0', 64);

    public static LedgerChain Empty { get; } = new() { LineHashes = [] };

    /// <summary>The SHA-256 of the last complete line; null for an empty ledger.</summary>
    public string? Head => LineHashes.Count == 0 ? null : LineHashes[^1];

    /// <summary>The 1-based number of the last complete line (the one <see cref="Head"/> is the hash of).</summary>
    public int HeadLine => LineHashes.Count;

    /// <summary>The first line that carries a previous hash; null when no line does (a ledger written before chaining).</summary>
    public int? StartLine { get; init; }

    /// <summary>Lines from <see cref="StartLine"/> on whose link to the line before them was checked and holds.</summary>
    public int VerifiedLines { get; init; }

    /// <summary>Every link that does not hold, in file order; the first is the first bad line.</summary>
    public IReadOnlyList<LedgerChainBreak> Breaks { get; init; } = [];

    /// <summary>The number of a last line without its newline (a crash mid-write); the next append chains to it.</summary>
    public int? IncompleteLastLine { get; init; }

    /// <summary>The SHA-256 of every complete line, in file order.</summary>
    public required IReadOnlyList<string> LineHashes { get; init; }

    public bool Intact => Breaks.Count == 0;

    /// <summary>The 1-based number of the line whose hash starts with <paramref name="anchor"/> (at least 16 hex digits), else null.</summary>
    public int? FindAnchor(string anchor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(anchor);
        var prefix = anchor.Trim().ToLowerInvariant();
        if (prefix.StartsWith("sha256:", StringComparison.Ordinal))
            prefix = prefix["sha256:".Length..];
        if (prefix.Length < 16 || prefix.Length > 64 || !prefix.All(Uri.IsHexDigit))
            throw new ArgumentException($"The ledger anchor '{anchor}' is not 16 to 64 hex digits; pass the chain head the report or the GitHub status shows.", nameof(anchor));
        for (var index = LineHashes.Count - 1; index >= 0; index--)
        {
            if (LineHashes[index].StartsWith(prefix, StringComparison.Ordinal))
                return index + 1;
        }
        return null;
    }

    public static string Hash(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));
}

/// <param name="LineNumber">The 1-based line whose link to the line before it does not hold.</param>
/// <param name="Problem">What is wrong, naming the lines.</param>
/// <param name="Advice">How to investigate or repair it.</param>
public sealed record LedgerChainBreak(int LineNumber, string Problem, string Advice)
{
    public override string ToString() => $"line {LineNumber}: {Problem} {Advice}";
}
