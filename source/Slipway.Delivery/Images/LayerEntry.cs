using System.Formats.Tar;

namespace Slipway.Delivery.Images;

/// <summary>
/// One entry of an image layer: a directory, a regular file (read from <see cref="SourcePath"/> or held in
/// <see cref="Content"/>) or a symbolic link. <see cref="Name"/> is relative to the image root, without a leading '/',
/// directories ending in '/'.
/// </summary>
internal sealed record LayerEntry(string Name, TarEntryType Type, UnixFileMode Mode)
{
    internal const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    internal const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Owner; files the service reads but must not change stay root's.</summary>
    public int Uid { get; init; }

    public int Gid { get; init; }

    /// <summary>A file on disk whose bytes the entry carries.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Bytes the entry carries when there is no <see cref="SourcePath"/>.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>The target of a symbolic link.</summary>
    public string? LinkName { get; init; }

    public static LayerEntry Directory(string name) => new(name.TrimEnd('/') + "/", TarEntryType.Directory, Executable);

    public static LayerEntry File(string name, string sourcePath, bool executable) =>
        new(name, TarEntryType.RegularFile, executable ? Executable : Regular) { SourcePath = sourcePath };

    public static LayerEntry Bytes(string name, ReadOnlyMemory<byte> content, UnixFileMode mode = Regular) =>
        new(name, TarEntryType.RegularFile, mode) { Content = content };

    public static LayerEntry Symlink(string name, string target) =>
        new(name, TarEntryType.SymbolicLink, Executable) { LinkName = target };

    /// <summary>
    /// The entries for <paramref name="directory"/> placed at <paramref name="pathInImage"/> (e.g. "app"), with every parent
    /// directory. Modes are normalised: directories 0755, files 0755 when executable by their owner, else 0644.
    /// </summary>
    public static IEnumerable<LayerEntry> FromDirectory(string pathInImage, string directory, Func<string, bool>? include = null)
    {
        var prefix = pathInImage.Trim('/');
        foreach (var parent in Parents(prefix))
        {
            yield return Directory(parent);
        }

        yield return Directory(prefix);
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (include is not null && !include(relative))
            {
                continue;
            }

            var info = new FileInfo(path);
            var name = prefix + "/" + relative;
            if (info.LinkTarget is { } target)
            {
                yield return Symlink(name, target);
            }
            else if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                yield return Directory(name);
            }
            else
            {
                yield return File(name, path, !OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0);
            }
        }
    }

    /// <summary>"a/b/c" → "a", "a/b".</summary>
    internal static IEnumerable<string> Parents(string name)
    {
        var trimmed = name.Trim('/');
        for (var index = trimmed.IndexOf('/', StringComparison.Ordinal); index > 0; index = trimmed.IndexOf('/', index + 1))
        {
            yield return trimmed[..index];
        }
    }
}
