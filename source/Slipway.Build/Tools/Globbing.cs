using Microsoft.Extensions.FileSystemGlobbing;

namespace Slipway.Build.Tools;

/// <summary>Glob matching on Microsoft.Extensions.FileSystemGlobbing; patterns starting with '!' exclude.</summary>
public static class Globbing
{
    public static IReadOnlyList<AbsolutePath> Files(AbsolutePath root, IEnumerable<string> patterns)
    {
        if (!root.DirectoryExists())
            return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            if (pattern.StartsWith('!'))
                matcher.AddExclude(pattern[1..]);
            else
                matcher.AddInclude(pattern);
        }

        return matcher.GetResultsInFullPath(root)
            .Order(StringComparer.Ordinal)
            .Select(AbsolutePath.Create)
            .ToList();
    }
}
