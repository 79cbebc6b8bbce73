using System.Formats.Tar;

namespace Slipway.Delivery.Images;

/// <summary>
/// A base image's file system unpacked into a directory from its layer tars (in order, whiteouts applied). Symbolic links
/// are kept as data, not created on disk, and resolved inside this root, so absolute link targets never point at the host.
/// </summary>
internal sealed class RootFileSystem
{
    private readonly string root;
    private readonly Dictionary<string, string> links = new(StringComparer.Ordinal);
    private readonly HashSet<string> directories = new(StringComparer.Ordinal);

    private RootFileSystem(string root) => this.root = root;

    /// <summary>The symbolic links, by path without a leading '/'.</summary>
    public IReadOnlyDictionary<string, string> Links => links;

    public static async Task<RootFileSystem> UnpackAsync(IEnumerable<string> layerTars, string directory, CancellationToken cancellationToken)
    {
        var files = new RootFileSystem(directory);
        Directory.CreateDirectory(directory);
        foreach (var layer in layerTars)
        {
            await using var stream = File.OpenRead(layer);
            using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await files.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        return files;
    }

    /// <summary>The host path of a regular file at <paramref name="path"/> (links followed), or null.</summary>
    public string? FindFile(string path) => Resolve(path) is { } resolved && File.Exists(HostPath(resolved)) ? HostPath(resolved) : null;

    /// <summary>Every regular file and link under a directory of the image (e.g. "usr/share/zoneinfo"), by image path.</summary>
    public IEnumerable<string> Under(string directory)
    {
        var prefix = directory.Trim('/') + "/";
        var host = HostPath(directory.Trim('/'));
        var found = Directory.Exists(host)
            ? Directory.EnumerateFiles(host, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            : [];
        return found.Concat(links.Keys.Where(link => link.StartsWith(prefix, StringComparison.Ordinal)));
    }

    /// <summary>The entries that make <paramref name="path"/> reachable: each link on the way to it, and the file it ends at.</summary>
    public IEnumerable<(string Path, string? LinkTarget)> Chain(string path)
    {
        var current = path.Trim('/');
        for (var hops = 0; hops < 40; hops++)
        {
            var (prefix, link, rest) = FirstLink(current);
            if (link is null)
            {
                yield return (current, null);
                yield break;
            }

            yield return (prefix, link);
            current = Combine(prefix, link, rest);
        }
    }

    /// <summary>The path with every link resolved, or null when it loops.</summary>
    public string? Resolve(string path) => Chain(path).LastOrDefault() is { LinkTarget: null } end ? end.Path : null;

    public string HostPath(string path) => Path.Combine(root, path.Trim('/'));

    private (string Prefix, string? Link, string Remainder) FirstLink(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var index = 0; index < parts.Length; index++)
        {
            var prefix = string.Join('/', parts[..(index + 1)]);
            if (links.TryGetValue(prefix, out var target))
            {
                return (prefix, target, string.Join('/', parts[(index + 1)..]));
            }
        }

        return (path, null, string.Empty);
    }

    private static string Combine(string linkPath, string target, string rest)
    {
        var parent = linkPath.Contains('/', StringComparison.Ordinal) ? linkPath[..linkPath.LastIndexOf('/')] : string.Empty;
        var joined = target.StartsWith('/') ? target : parent + "/" + target;
        var parts = new List<string>();
        foreach (var part in (joined + "/" + rest).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private async Task ApplyAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var name = entry.Name.TrimStart('.', '/').TrimEnd('/');
        if (name.Length == 0 || name.Split('/').Contains(".."))
        {
            return;
        }

        var fileName = Path.GetFileName(name);
        if (fileName.StartsWith(".wh.", StringComparison.Ordinal))
        {
            var removed = Path.Combine(Path.GetDirectoryName(name) ?? string.Empty, fileName[".wh.".Length..]).Replace('\\', '/');
            Remove(removed);
            return;
        }

        var host = HostPath(name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(host);
                directories.Add(name);
                break;
            case TarEntryType.SymbolicLink:
                Remove(name);
                links[name] = entry.LinkName;
                break;
            case TarEntryType.HardLink:
                Remove(name);
                Directory.CreateDirectory(Path.GetDirectoryName(host)!);
                if (File.Exists(HostPath(entry.LinkName.TrimStart('.', '/'))))
                    File.Copy(HostPath(entry.LinkName.TrimStart('.', '/')), host);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Remove(name);
                Directory.CreateDirectory(Path.GetDirectoryName(host)!);
                await using (var file = File.Create(host))
                {
                    if (entry.DataStream is { } data)
                        await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }

                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(host, entry.Mode & (UnixFileMode)0x1FF);
                break;
        }
    }

    private void Remove(string name)
    {
        links.Remove(name);
        var host = HostPath(name);
        if (File.Exists(host))
            File.Delete(host);
        else if (Directory.Exists(host) && !directories.Contains(name))
            Directory.Delete(host, recursive: true);
    }
}
