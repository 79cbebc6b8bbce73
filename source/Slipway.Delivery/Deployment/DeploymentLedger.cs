using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// The append-only JSON Lines record of one environment's deployments. Each line is written with a single
/// append write and flushed to disk, so a crash leaves at worst a torn last line, which <see cref="ReadAsync"/> skips and
/// reports by line number. Each line carries the hash of the one before it, so an edited, inserted or removed line breaks the
/// chain (<see cref="LedgerChain"/>). <see cref="ReadAsync"/> is the one reader of the file and verifies the chain: the
/// deployer, the report and the Audit target use it.
/// </summary>
public sealed partial class DeploymentLedger(string path)
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public string Path { get; } = string.IsNullOrWhiteSpace(path)
        ? throw new ArgumentException("The ledger path is empty. Pass a file path such as ~/.local/state/slipway/<app>/<environment>.jsonl.", nameof(path))
        : System.IO.Path.GetFullPath(path);

    /// <summary>
    /// Appends <paramref name="entry"/> as one line whose <see cref="LedgerEntry.Previous"/> is the SHA-256 of the line before
    /// it (<see cref="LedgerChain"/>); whatever <c>Previous</c> the entry carries is replaced.
    /// </summary>
    public async Task AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);

        // FileShare.None takes an exclusive advisory lock (flock) on Unix: concurrent writers queue, lines never interleave,
        // and the line hashed below is still the last one when this one is written.
        await using var stream = await OpenWithRetryAsync(() => new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), cancellationToken).ConfigureAwait(false);
        var (previous, endsWithNewline) = await LastLineHashAsync(stream, cancellationToken).ConfigureAwait(false);
        var line = JsonSerializer.Serialize(entry with { Previous = previous }, JsonOptions) + "\n";
        // A torn line left by a crash must not swallow the next entry: start a fresh line if the file does not end with one.
        // The torn line becomes a complete line, and the hash above is of it.
        if (!endsWithNewline)
        {
            line = "\n" + line;
        }

        stream.Seek(0, SeekOrigin.End);
        var bytes = Encoding.UTF8.GetBytes(line);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }

    public async Task<LedgerContents> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path))
        {
            return new LedgerContents([], []);
        }

        byte[] bytes;
        await using (var stream = await OpenWithRetryAsync(() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), cancellationToken).ConfigureAwait(false))
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        return Parse(bytes);
    }

    private async Task<FileStream> OpenWithRetryAsync(Func<FileStream> open, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return open();
            }
            catch (IOException) when (attempt < 200 && File.Exists(Path))
            {
                // Another writer holds the file for the few milliseconds of its append.
                await Task.Delay(10 + Random.Shared.Next(10), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The last finished entry per deployment id, oldest first (the <c>started</c> lines are folded away).</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ReadFinishedAsync(CancellationToken cancellationToken = default)
    {
        var contents = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return contents.Entries.Where(entry => entry.Outcome != LedgerOutcomes.Started).ToList();
    }
}
