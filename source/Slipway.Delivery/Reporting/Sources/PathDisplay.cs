namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Shows input paths relative to the repository root, so a report reads the same on every machine.</summary>
internal sealed class PathDisplay(string? root)
{
    private readonly string? _root = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;

    public string Show(string? path)
    {
        if (path is null)
            return "(not set)";
        var full = Path.GetFullPath(path);
        var relative = _root is not null && full.StartsWith(_root, StringComparison.Ordinal) ? full[_root.Length..] : full;
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
