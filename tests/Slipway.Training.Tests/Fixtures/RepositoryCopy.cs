namespace Slipway.Training.Tests.Fixtures;

/// <summary>A scratch repository with a copy of the committed <c>data/</c> and <c>models/registry.json</c>, deleted on dispose.</summary>
public sealed class RepositoryCopy : IDisposable
{
    public RepositoryCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "slipway-training-" + Guid.NewGuid().ToString("N")[..12]);
        CopyDirectory(Path.Combine(RepositoryRoot(), "data"), Path.Combine(Root, "data"));
        Directory.CreateDirectory(Path.Combine(Root, "models"));
    }

    public string Root { get; }

    public string DataFile => Path.Combine(Root, "data", "support-requests", "requests.tsv");

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No Solution.sln above '{AppContext.BaseDirectory}'.");
    }

    /// <summary>Rewrites the data file's lines (header included) through <paramref name="change"/>.</summary>
    public void EditRows(Func<string[], IEnumerable<string>> change) =>
        File.WriteAllLines(DataFile, change(File.ReadAllLines(DataFile)));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
