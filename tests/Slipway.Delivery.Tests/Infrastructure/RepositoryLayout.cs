namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding Solution.sln above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No Solution.sln above '{AppContext.BaseDirectory}'; run the tests from a checkout of the repository.");
    }
}
