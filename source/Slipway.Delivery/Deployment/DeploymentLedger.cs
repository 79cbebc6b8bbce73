using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// The append-only JSON Lines record of one environment's deployments. Each line is written with a single
/// append write and flushed to disk, so a crash leaves at worst a torn last line, which <see cref="ReadAsync"/> skips and
/// reports by line number. <see cref="ReadAsync"/> is the one reader of the file: the deployer and the report use it.
/// </summary>
public sealed class DeploymentLedger(string path)
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public string Path { get; } = string.IsNullOrWhiteSpace(path)
        ? throw new ArgumentException("The ledger path is empty. Pass a file path such as ~/.local/state/slipway/<app>/<environment>.jsonl.", nameof(path))
        : System.IO.Path.GetFullPath(path);

    public async Task AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var line = JsonSerializer.Serialize(entry, JsonOptions) + "\n";

        // FileShare.None takes an exclusive advisory lock (flock) on Unix: concurrent writers queue, lines never interleave.
        await using var stream = await OpenWithRetryAsync(() => new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), cancellationToken).ConfigureAwait(false);
        // A torn line left by a crash must not swallow the next entry: start a fresh line if the file does not end with one.
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            var last = new byte[1];
            await stream.ReadExactlyAsync(last, cancellationToken).ConfigureAwait(false);
            if (last[0] != (byte)'\n')
            {
                line = "\n" + line;
            }
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

        string text;
        await using (var stream = await OpenWithRetryAsync(() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), cancellationToken).ConfigureAwait(false))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var entries = new List<LedgerEntry>();
        var unreadable = new List<UnreadableLedgerLine>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            if (string.IsNullOrWhiteSpace(lines[index]))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<LedgerEntry>(lines[index], JsonOptions) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    unreadable.Add(new UnreadableLedgerLine(index + 1, "the line is JSON null, not an entry"));
                }
            }
            catch (JsonException exception)
            {
                // A line torn by a crash mid-write; the entries around it are intact.
                unreadable.Add(new UnreadableLedgerLine(index + 1, exception.Message));
            }
        }

        return new LedgerContents(entries, unreadable);
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
