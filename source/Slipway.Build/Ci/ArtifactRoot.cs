namespace Slipway.Build.Ci;

/// <summary>
/// The folder actions/upload-artifact stores paths relative to (the common folder of the globs' fixed parts), so that
/// actions/download-artifact into it puts every file back where it was produced.
/// </summary>
internal static class ArtifactRoot
{
    public static string Of(IEnumerable<string> globs)
    {
        List<string>? common = null;
        foreach (var glob in globs.Where(g => !g.StartsWith('!')))
        {
            var segments = glob.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
            var wildcard = segments.FindIndex(s => s.IndexOfAny(['*', '?', '[', '{']) >= 0);
            var fixedPart = wildcard >= 0
                ? segments.Take(wildcard).ToList()
                // A literal path: a file (it has an extension) is stored relative to its folder, a folder relative to itself.
                : segments.Count > 0 && Path.HasExtension(segments[^1]) ? segments.Take(segments.Count - 1).ToList() : segments;
            common = common is null ? fixedPart : common.Zip(fixedPart).TakeWhile(p => p.First == p.Second).Select(p => p.First).ToList();
        }

        return common is null or { Count: 0 } ? "." : string.Join('/', common);
    }
}
