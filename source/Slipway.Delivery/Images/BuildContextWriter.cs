using System.Formats.Tar;
using System.Text;

namespace Slipway.Delivery.Images;

/// <summary>
/// Writes the image build context as a tar stream, file by file, so it can be consumed while it is written
/// (nothing is held whole in memory; multi-GB weights are fine). Entries are deterministic: sorted names,
/// a fixed mtime, uid/gid 0 and normalised modes, so the daemon's cache key for a directory depends only on
/// the files' contents and names.
/// </summary>
internal static class BuildContextWriter
{
    /// <summary>Every entry's modification time; fixed so that unchanged files give unchanged cache keys.</summary>
    internal static readonly DateTimeOffset FixedModificationTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes <c>Dockerfile</c>, then each directory under its context prefix (e.g. "models", "app").</summary>
    internal static async Task WriteAsync(
        Stream output, string dockerfile, IReadOnlyList<(string Prefix, string Directory)> directories, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        var dockerfileBytes = Encoding.UTF8.GetBytes(dockerfile);
        using (var content = new MemoryStream(dockerfileBytes))
        {
            await tar.WriteEntryAsync(NewEntry(TarEntryType.RegularFile, "Dockerfile", Regular, content), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (prefix, directory) in directories)
        {
            await WriteDirectoryAsync(tar, prefix, directory, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteDirectoryAsync(TarWriter tar, string prefix, string root, CancellationToken cancellationToken)
    {
        await tar.WriteEntryAsync(NewEntry(TarEntryType.Directory, prefix + "/", Executable, null), cancellationToken).ConfigureAwait(false);
        var entries = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Name: prefix + "/" + Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal);

        foreach (var (path, name) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(path);
            if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                await tar.WriteEntryAsync(NewEntry(TarEntryType.Directory, name + "/", Executable, null), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var mode = OperatingSystem.IsWindows() || (info.UnixFileMode & UnixFileMode.UserExecute) == 0 ? Regular : Executable;
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await tar.WriteEntryAsync(NewEntry(TarEntryType.RegularFile, name, mode, stream), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static GnuTarEntry NewEntry(TarEntryType type, string name, UnixFileMode mode, Stream? content)
    {
        var entry = new GnuTarEntry(type, name)
        {
            Mode = mode,
            Uid = 0,
            Gid = 0,
            UserName = string.Empty,
            GroupName = string.Empty,
            ModificationTime = FixedModificationTime,
            AccessTime = FixedModificationTime,
            ChangeTime = FixedModificationTime,
        };
        if (content is not null)
        {
            entry.DataStream = content;
        }

        return entry;
    }
}
