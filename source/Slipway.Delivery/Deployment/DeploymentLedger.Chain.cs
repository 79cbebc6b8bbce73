using System.Text;
using System.Text.Json;

namespace Slipway.Delivery.Deployment;

public sealed partial class DeploymentLedger
{
    private const int TailChunk = 4096;

    /// <summary>The hash the next line carries: of the last line (complete or torn), or <see cref="LedgerChain.Genesis"/> for an empty file.</summary>
    private static async Task<(string Previous, bool EndsWithNewline)> LastLineHashAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        if (length == 0)
            return (LedgerChain.Genesis, true);
        var last = new byte[1];
        stream.Seek(-1, SeekOrigin.End);
        await stream.ReadExactlyAsync(last, cancellationToken).ConfigureAwait(false);
        var endsWithNewline = last[0] == (byte)'\n';

        // Read backwards in chunks from the end of the last line to the newline before it (or the start of the file).
        var pieces = new List<byte[]>();
        var position = endsWithNewline ? length - 1 : length;
        while (position > 0)
        {
            var size = (int)Math.Min(TailChunk, position);
            var chunk = new byte[size];
            stream.Seek(position - size, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(chunk, cancellationToken).ConfigureAwait(false);
            var newline = Array.LastIndexOf(chunk, (byte)'\n');
            if (newline >= 0)
            {
                pieces.Add(chunk[(newline + 1)..]);
                break;
            }
            pieces.Add(chunk);
            position -= size;
        }
        pieces.Reverse();
        return (LedgerChain.Hash(pieces.SelectMany(piece => piece).ToArray()), endsWithNewline);
    }

    /// <summary>Reads the entries and verifies the chain of the whole file's bytes.</summary>
    internal static LedgerContents Parse(byte[] bytes)
    {
        var entries = new List<LedgerEntry>();
        var unreadable = new List<UnreadableLedgerLine>();
        var breaks = new List<LedgerChainBreak>();
        var hashes = new List<string>();
        int? startLine = null;
        int? incomplete = null;
        var verified = 0;
        var offset = 0;
        for (var number = 1; offset < bytes.Length; number++)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', offset);
            var complete = newline >= 0;
            var span = bytes.AsSpan(offset, (complete ? newline : bytes.Length) - offset);
            var expected = number == 1 ? LedgerChain.Genesis : hashes[^1];
            offset = complete ? newline + 1 : bytes.Length;
            if (complete)
                hashes.Add(LedgerChain.Hash(span));
            else
                incomplete = number;

            var text = Encoding.UTF8.GetString(span);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (startLine is not null && complete)
                    breaks.Add(Break(number, $"is blank, though the chain starts at line {startLine}: the ledger never writes a blank line, so it was inserted.", "Remove the blank line, then run Audit again."));
                continue;
            }

            LedgerEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<LedgerEntry>(text, JsonOptions);
                if (entry is null)
                    unreadable.Add(new UnreadableLedgerLine(number, "the line is JSON null, not an entry"));
            }
            catch (JsonException exception)
            {
                // A line torn by a crash mid-write; the entries around it are intact, and the next line chains to its bytes.
                unreadable.Add(new UnreadableLedgerLine(number, exception.Message));
                entry = null;
            }
            if (entry is null)
                continue;
            entries.Add(entry);

            if (entry.Previous is null)
            {
                if (startLine is not null)
                    breaks.Add(Break(number, $"has no \"previous\" hash, though the chain starts at line {startLine}: it was written or rewritten by something other than the ledger.",
                        "Compare it with the deploy logs or a backup of the ledger; the report's chain head and the GitHub status anchor the last good line."));
                continue;
            }
            startLine ??= number;
            if (string.Equals(entry.Previous, expected, StringComparison.Ordinal))
            {
                verified++;
                continue;
            }
            breaks.Add(number == 1
                ? Break(1, $"carries previous hash {Short(entry.Previous)} but is the first line (which carries {Short(LedgerChain.Genesis)}): the lines before it were removed.",
                    "Restore the removed lines from a backup of the ledger, or investigate who truncated the file.")
                : Break(number, $"carries previous hash {Short(entry.Previous)} but line {number - 1} hashes to {Short(expected)}: line {number - 1} was changed after line {number} was written, or lines were removed or inserted between them.",
                    $"Compare lines {number - 1} and {number} with the deploy logs or a backup of the ledger; the first change is there."));
        }

        var chain = new LedgerChain { LineHashes = hashes, StartLine = startLine, VerifiedLines = verified, Breaks = breaks, IncompleteLastLine = incomplete };
        return new LedgerContents(entries, unreadable) { Chain = chain };
    }

    private static LedgerChainBreak Break(int line, string problem, string advice) => new(line, $"line {line} {problem}", advice);

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;
}
