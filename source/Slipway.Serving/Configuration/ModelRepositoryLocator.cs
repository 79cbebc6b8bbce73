using System.Diagnostics.CodeAnalysis;

namespace Slipway.Serving.Configuration;

/// <summary>Resolves the configured model repository: absolute as given; relative from the content root, then each parent folder.</summary>
public static class ModelRepositoryLocator
{
    public static bool TryResolve(string configured, string contentRoot, [NotNullWhen(true)] out string? path)
    {
        if (Path.IsPathRooted(configured))
        {
            path = Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
            return path is not null;
        }

        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, configured);
            if (Directory.Exists(candidate))
            {
                path = Path.GetFullPath(candidate);
                return true;
            }
        }

        path = null;
        return false;
    }
}
