using Slipway.Tooling;

namespace Slipway.Benchmarks.Images;

internal static class Preparation
{
    /// <summary>Publishes the service the way the Publish target does (self-contained, linux-x64).</summary>
    public static async Task<string> PublishAsync(string output)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Solution.sln")))
        {
            root = root.Parent;
        }

        var project = Path.Combine(root?.FullName ?? throw new DirectoryNotFoundException("Run the benchmark from a checkout (no Solution.sln found)."), "source", "Slipway.Serving");
        await ProcessTasks.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo", "-v", "q"]);
        return output;
    }

    public static long SizeOf(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);

    public static void Copy(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, copy);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
            }
        }
    }
}
