using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;

namespace Slipway.Delivery.Images;

/// <summary>
/// Why two images that should be identical are not: the first layer whose digest differs, and within it the files that
/// differ (content, mode, owner, time, or present in one only); or, with identical layers, the config fields that differ.
/// </summary>
public static class ImageDifference
{
    private const int MaximumFilesNamed = 12;

    /// <summary>Null when both are the same image; else a description naming the first differing layer and what differs in it.</summary>
    public static async Task<string?> DescribeAsync(IDockerClient docker, string first, string second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        var a = await docker.Images.InspectImageAsync(first, cancellationToken).ConfigureAwait(false);
        var b = await docker.Images.InspectImageAsync(second, cancellationToken).ConfigureAwait(false);
        if (a.ID == b.ID)
        {
            return null;
        }

        var layersA = a.RootFS?.Layers ?? [];
        var layersB = b.RootFS?.Layers ?? [];
        var index = Enumerable.Range(0, Math.Min(layersA.Count, layersB.Count)).FirstOrDefault(i => layersA[i] != layersB[i], -1);
        if (index < 0 && layersA.Count == layersB.Count)
        {
            return $"'{first}' ({a.ID}) and '{second}' ({b.ID}) have the same {layersA.Count} layers; their configs differ: {DescribeConfig(a, b)}.";
        }

        if (index < 0)
        {
            return $"'{first}' has {layersA.Count} layers and '{second}' {layersB.Count}; the first {Math.Min(layersA.Count, layersB.Count)} are identical.";
        }

        var filesA = await ReadLayerAsync(docker, first, layersA[index], cancellationToken).ConfigureAwait(false);
        var filesB = await ReadLayerAsync(docker, second, layersB[index], cancellationToken).ConfigureAwait(false);
        var differences = new List<string>();
        foreach (var name in filesA.Keys.Union(filesB.Keys).Order(StringComparer.Ordinal))
        {
            var inA = filesA.TryGetValue(name, out var fileA);
            var inB = filesB.TryGetValue(name, out var fileB);
            if (!inA || !inB)
            {
                differences.Add($"{name} only in '{(inA ? first : second)}'");
            }
            else if (fileA != fileB)
            {
                differences.Add($"{name}: {fileA!.Compare(fileB!)}");
            }
        }

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Layer {index + 1} of {layersA.Count} differs: {layersA[index]} in '{first}', {layersB[index]} in '{second}'");
        if (differences.Count == 0)
        {
            text.Append("; the same files with the same metadata (the tar headers or entry order differ).");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"; {differences.Count} entries differ: ").AppendJoin("; ", differences.Take(MaximumFilesNamed));
            if (differences.Count > MaximumFilesNamed)
                text.Append(CultureInfo.InvariantCulture, $"; … and {differences.Count - MaximumFilesNamed} more");
            text.Append('.');
        }

        return text.ToString();
    }

    private static string DescribeConfig(Docker.DotNet.Models.ImageInspectResponse a, Docker.DotNet.Models.ImageInspectResponse b)
    {
        var differences = new List<string>();
        if (a.Created != b.Created)
            differences.Add($"created {a.Created:O} vs {b.Created:O}");
        var labelsA = a.Config?.Labels ?? new Dictionary<string, string>();
        var labelsB = b.Config?.Labels ?? new Dictionary<string, string>();
        foreach (var key in labelsA.Keys.Union(labelsB.Keys).Order(StringComparer.Ordinal))
        {
            labelsA.TryGetValue(key, out var valueA);
            labelsB.TryGetValue(key, out var valueB);
            if (valueA != valueB)
                differences.Add($"label {key} '{valueA}' vs '{valueB}'");
        }

        var envA = a.Config?.Env ?? [];
        var envB = b.Config?.Env ?? [];
        if (!envA.SequenceEqual(envB))
            differences.Add($"environment [{string.Join(' ', envA)}] vs [{string.Join(' ', envB)}]");
        if (a.Config?.User != b.Config?.User)
            differences.Add($"user '{a.Config?.User}' vs '{b.Config?.User}'");
        if (!(a.Config?.Entrypoint ?? []).SequenceEqual(b.Config?.Entrypoint ?? []))
            differences.Add("entrypoint");
        return differences.Count > 0 ? string.Join("; ", differences) : "history or other fields";
    }

    /// <summary>The entries of the layer with <paramref name="diffId"/> in the engine's save of <paramref name="image"/>.</summary>
    private static async Task<Dictionary<string, LayerFile>> ReadLayerAsync(IDockerClient docker, string image, string diffId, CancellationToken cancellationToken)
    {
        await using var archive = await docker.Images.SaveImageAsync(image, cancellationToken).ConfigureAwait(false);
        // Buffered: Docker.DotNet's chunked response stream fails on the reads TarReader makes of it (EndOfStreamException).
        using var reader = new TarReader(new BufferedStream(archive, 1 << 16));
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (!entry.Name.EndsWith(".tar", StringComparison.Ordinal) || entry.DataStream is null)
            {
                continue;
            }

            // Saved layers are uncompressed, so the tar's own digest is the diff id.
            using var layerHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var hashing = new HashingStream(entry.DataStream, layerHash);
            var files = new Dictionary<string, LayerFile>(StringComparer.Ordinal);
            using (var layer = new TarReader(hashing, leaveOpen: true))
            {
                while (await layer.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } file)
                {
                    files[file.Name] = await LayerFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            await hashing.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            if ("sha256:" + Convert.ToHexStringLower(layerHash.GetHashAndReset()) == diffId)
            {
                return files;
            }
        }

        throw new InvalidDataException($"The engine's save of '{image}' holds no layer with the digest {diffId}.");
    }

    private sealed record LayerFile(TarEntryType Type, UnixFileMode Mode, int Uid, int Gid, DateTimeOffset Time, long Size, string? Sha256, string? Link)
    {
        public static async Task<LayerFile> ReadAsync(TarEntry entry, CancellationToken cancellationToken)
        {
            string? sha256 = null;
            if (entry.DataStream is { } data)
            {
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(data, cancellationToken).ConfigureAwait(false));
            }

            return new LayerFile(entry.EntryType, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime, entry.Length, sha256, entry.LinkName is { Length: > 0 } link ? link : null);
        }

        public string Compare(LayerFile other)
        {
            var what = new List<string>();
            if (Type != other.Type)
                what.Add($"type {Type} vs {other.Type}");
            if (Sha256 != other.Sha256 || Size != other.Size)
                what.Add($"content sha256 {Sha256?[..12]} ({Size} bytes) vs {other.Sha256?[..12]} ({other.Size} bytes)");
            if (Mode != other.Mode)
                what.Add($"mode {Convert.ToString((int)Mode, 8)} vs {Convert.ToString((int)other.Mode, 8)}");
            if (Uid != other.Uid || Gid != other.Gid)
                what.Add($"owner {Uid}:{Gid} vs {other.Uid}:{other.Gid}");
            if (Time != other.Time)
                what.Add($"mtime {Time:O} vs {other.Time:O}");
            if (Link != other.Link)
                what.Add($"link '{Link}' vs '{other.Link}'");
            return string.Join(", ", what);
        }
    }
}
