namespace Slipway.Delivery.Images;

/// <summary>
/// The packages dpkg installed in a base image (<c>var/lib/dpkg/status</c>) and the files each one owns
/// (<c>var/lib/dpkg/info/&lt;name&gt;[:&lt;arch&gt;].list</c>), to name the packages a layer takes files from.
/// </summary>
internal sealed class DpkgDatabase
{
    public const string StatusPath = "var/lib/dpkg/status";
    private const string InfoDirectory = "var/lib/dpkg/info";

    private readonly Dictionary<string, DpkgPackage> owners;

    private DpkgDatabase(IReadOnlyList<DpkgPackage> packages, Dictionary<string, DpkgPackage> owners)
    {
        Packages = packages;
        this.owners = owners;
    }

    /// <summary>The installed packages, by name.</summary>
    public IReadOnlyList<DpkgPackage> Packages { get; }

    /// <summary>The installed packages of a status file: paragraphs whose Status ends in "installed".</summary>
    public static IReadOnlyList<DpkgPackage> ReadStatus(TextReader status, string source)
    {
        var packages = new List<DpkgPackage>();
        foreach (var paragraph in Deb822.Read(status, source))
        {
            if (!paragraph.TryGetValue("Status", out var state) || !state.EndsWith(" installed", StringComparison.Ordinal))
                continue;
            var missing = new[] { "Package", "Version", "Architecture" }.Where(field => !paragraph.ContainsKey(field)).ToList();
            if (missing.Count > 0)
            {
                throw new FormatException(
                    $"{source}: the installed package '{paragraph.GetValueOrDefault("Package", "?")}' has no {string.Join(", ", missing)} field. A dpkg status paragraph names its Package, Version and Architecture.");
            }

            var sourcePackage = paragraph.TryGetValue("Source", out var sourceField) ? sourceField.Split(' ', 2)[0] : null;
            packages.Add(new DpkgPackage(paragraph["Package"], paragraph["Version"], paragraph["Architecture"], sourcePackage));
        }

        return [.. packages.OrderBy(package => package.Name, StringComparer.Ordinal).ThenBy(package => package.Architecture, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The database of a base's file system. Owned paths are keyed by where they end after the base's links, so a merged-usr
    /// base's <c>/lib/x86_64-linux-gnu/libc.so.6</c> is found as <c>usr/lib/x86_64-linux-gnu/libc.so.6</c>.
    /// </summary>
    public static DpkgDatabase Read(RootFileSystem root)
    {
        var statusFile = root.FindFile(StatusPath)
            ?? throw new ContainerImageBuildException($"The base image has no /{StatusPath}, so the SBOM cannot list its Debian packages. Build the base with dpkg (the default BaseImage recipe bootstraps Debian).");
        using var status = File.OpenText(statusFile);
        var packages = ReadStatus(status, "/" + StatusPath);
        var owners = new Dictionary<string, DpkgPackage>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var list = root.FindFile($"{InfoDirectory}/{package.Name}:{package.Architecture}.list") ?? root.FindFile($"{InfoDirectory}/{package.Name}.list");
            if (list is null)
                continue;
            foreach (var line in File.ReadLines(list))
            {
                var path = line.Trim().TrimStart('/');
                if (path.Length > 0 && path != ".")
                    owners.TryAdd(root.Resolve(path) ?? path, package);
            }
        }

        return new DpkgDatabase(packages, owners);
    }

    /// <summary>The packages owning any of <paramref name="paths"/> (resolved image paths), by name; unowned paths are skipped.</summary>
    public IReadOnlyList<DpkgPackage> Owning(IEnumerable<string> paths) =>
        [.. paths
            .Select(path => owners.GetValueOrDefault(path.Trim('/')))
            .OfType<DpkgPackage>()
            .Distinct()
            .OrderBy(package => package.Name, StringComparer.Ordinal)];
}
