using System.Formats.Tar;
using System.Security.Cryptography;

namespace Slipway.Delivery.Images;

/// <summary>
/// Writes an image layer as an uncompressed tar, entry by entry, so it can be consumed while it is written (nothing is
/// held whole in memory; multi-GB weights are fine). The output depends only on names, contents, modes and owners:
/// entries are sorted by name, each directory appears once, and every time is the one given (the commit time), so the
/// same files give a byte-identical layer and so the same digest.
/// </summary>
internal static class LayerWriter
{
    /// <summary>Writes the entries, sorted by name (ordinal) with duplicates removed, into <paramref name="output"/>.</summary>
    public static async Task WriteAsync(Stream output, IEnumerable<LayerEntry> entries, DateTimeOffset modificationTime, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        foreach (var entry in Normalise(entries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = new GnuTarEntry(entry.Type, entry.Name)
            {
                Mode = entry.Mode,
                Uid = entry.Uid,
                Gid = entry.Gid,
                UserName = string.Empty,
                GroupName = string.Empty,
                ModificationTime = modificationTime,
                AccessTime = modificationTime,
                ChangeTime = modificationTime,
            };
            if (entry.LinkName is { } link)
            {
                header.LinkName = link;
            }

            if (entry.SourcePath is { } path)
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    header.DataStream = stream;
                    await tar.WriteEntryAsync(header, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (entry.Content is { } bytes)
            {
                using var content = new MemoryStream(bytes.ToArray(), writable: false);
                header.DataStream = content;
                await tar.WriteEntryAsync(header, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await tar.WriteEntryAsync(header, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the layer to <paramref name="path"/> and returns its diff id ("sha256:…", the digest of the tar) and size.</summary>
    public static async Task<WrittenLayer> WriteFileAsync(string path, IEnumerable<LayerEntry> entries, DateTimeOffset modificationTime, string createdBy, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var hashing = new HashingStream(file, sha256);
            await using (hashing.ConfigureAwait(false))
            {
                await WriteAsync(hashing, entries, modificationTime, cancellationToken).ConfigureAwait(false);
            }

            return new WrittenLayer(path, "sha256:" + Convert.ToHexStringLower(sha256.GetHashAndReset()), hashing.Count, createdBy);
        }
    }

    /// <summary>Sorted by name; a name given twice keeps its first entry (directories shared by several sources).</summary>
    private static IEnumerable<LayerEntry> Normalise(IEnumerable<LayerEntry> entries)
    {
        var byName = new SortedDictionary<string, LayerEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byName.TryAdd(entry.Name, entry);
        }

        return byName.Values;
    }
}
