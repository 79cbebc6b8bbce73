using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Slipway.Delivery.Models;

/// <summary>
/// Copies manifest resources out of a .NET assembly by reading its metadata only; the assembly is never loaded or run.
/// </summary>
public static class EmbeddedResourceReader
{
    /// <summary>Names of the embedded (not linked) manifest resources of the assembly at <paramref name="assemblyPath"/>.</summary>
    public static IReadOnlyList<string> ListResources(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.ManifestResources
            .Select(metadata.GetManifestResource)
            .Where(resource => resource.Implementation.IsNil)
            .Select(resource => metadata.GetString(resource.Name))];
    }

    /// <summary>
    /// Streams the first embedded resource whose name ends with <paramref name="nameSuffix"/> to <paramref name="destination"/>
    /// and returns its lower-case hex SHA-256.
    /// </summary>
    public static async Task<string> ExtractAsync(string assemblyPath, string nameSuffix, string destination, CancellationToken cancellationToken = default)
    {
        var (offset, length) = Locate(assemblyPath, nameSuffix);
        var temporary = destination + ".partial";
        await using (var source = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        await using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            source.Position = offset;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            var remaining = length;
            while (remaining > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new InvalidDataException($"Assembly '{assemblyPath}' ends inside resource '*{nameSuffix}'; the file is truncated. Delete the package folder and run 'dotnet restore' again.");
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }

            File.Move(temporary, destination, overwrite: true);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    private static (long Offset, long Length) Locate(string assemblyPath, string nameSuffix)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
        {
            throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly, so it has no embedded resources to read.");
        }

        var metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            names.Add(name);
            if (!resource.Implementation.IsNil || !name.EndsWith(nameSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var directory = pe.PEHeaders.CorHeader.ResourcesDirectory;
            if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var directoryOffset))
            {
                throw new InvalidDataException($"Assembly '{assemblyPath}' has a resources directory outside its sections.");
            }

            // Each embedded resource is a 4-byte little-endian length followed by its bytes.
            var start = directoryOffset + resource.Offset;
            stream.Position = start;
            Span<byte> prefix = stackalloc byte[4];
            stream.ReadExactly(prefix);
            var length = BitConverter.ToUInt32(prefix);
            if (start + 4 + length > stream.Length)
            {
                throw new InvalidDataException($"Resource '{name}' in '{assemblyPath}' claims {length} bytes past the end of the file.");
            }

            return (start + 4, length);
        }

        throw new InvalidDataException(
            $"Assembly '{assemblyPath}' has no embedded resource ending in '{nameSuffix}'. Resources present: {(names.Count == 0 ? "none" : string.Join(", ", names.Select(n => $"'{n}'")))}.");
    }
}
